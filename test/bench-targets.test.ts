import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESH_TARGET, NB6_TARGET_MB, SCALE_TARGET, type TargetRow, targetLines } from '../scripts/bench-targets';

type ScaleRow = Extract<TargetRow, { kind: 'scale' }>;
const scale: ScaleRow = { kind: 'scale', n: SCALE_TARGET.n, publications: SCALE_TARGET.publications, wallMs: 41_200, peakMb: 3000, converged: true };

test('each target row says its target, its figure, and whether it met it', () => {
  const lines = targetLines([
    { kind: 'mesh', n: 64, perSecond: 413_251.4 },
    scale,
    { kind: 'nb6', peakMb: 269.4 },
  ]);
  assert.deepEqual(lines, [
    "issue 20's targets:",
    '  mesh 64, at least 1,000,000 deliveries a second warm: 413,251/s, NOT MET',
    '  scale 1024, 10,000 publications converged within 60 s and 4 GiB: converged in 41.2 s, peak 3,000 MB, met',
    '  NB-6 128 nodes under 300 MB: peak 269 MB, met',
  ]);
});

test('a target is met at its bound and missed past it, on every bound', () => {
  const mesh = (perSecond: number): string => targetLines([{ kind: 'mesh', n: MESH_TARGET.n, perSecond }])[1] ?? '';
  assert.match(mesh(MESH_TARGET.perSecond), /, met$/);
  assert.match(mesh(MESH_TARGET.perSecond - 1), /NOT MET$/);
  const s = (over: Partial<ScaleRow>): string => targetLines([{ ...scale, ...over }])[1] ?? '';
  assert.match(s({ wallMs: SCALE_TARGET.wallMs, peakMb: SCALE_TARGET.peakMb }), /, met$/);
  assert.match(s({ wallMs: SCALE_TARGET.wallMs + 1 }), /NOT MET$/);
  assert.match(s({ peakMb: SCALE_TARGET.peakMb + 1 }), /NOT MET$/);
  assert.match(s({ converged: false }), /did not converge in 41\.2 s, .*NOT MET$/);
  const nb6 = (peakMb: number): string => targetLines([{ kind: 'nb6', peakMb }])[1] ?? '';
  assert.match(nb6(NB6_TARGET_MB - 1), /, met$/);
  assert.match(nb6(NB6_TARGET_MB), /NOT MET$/);
  assert.match(nb6(Number.NaN), /peak unknown, NOT MET$/);
  assert.match(mesh(Number.NaN), /warm: unknown, NOT MET$/);
  assert.match(s({ peakMb: Number.NaN }), /peak unknown, NOT MET$/);
});

test('rows that are not a target, or a target run with other parameters, print nothing', () => {
  assert.deepEqual(targetLines([]), []);
  assert.deepEqual(
    targetLines([
      { kind: 'mesh', n: 32, perSecond: 2_000_000 },
      { ...scale, n: 512 },
      { ...scale, publications: 1000 },
    ]),
    [],
  );
});
