/**
 * Issue 20's targets, the bench's last lines: for each row that ran as a target names it, the
 * target, the figure, and met or not met. Printed, never an exit code: the bench measures, and a
 * run that fails for being slow is a timed test that flakes on a busy machine.
 */

/** `mesh 64` delivers a million frames a wall second, warm. */
export const MESH_TARGET = { n: 64, perSecond: 1_000_000 } as const;
/** `scale 1024` with 10,000 publications converges within 60 s and 4 GiB. */
export const SCALE_TARGET = { n: 1024, publications: 10_000, wallMs: 60_000, peakMb: 4096 } as const;
/** The NB-6 scenario's 128-node row peaks under 300 MB. */
export const NB6_TARGET_MB = 300;

/** What a target needs of a row's figures. */
export type TargetRow =
  | { readonly kind: 'mesh'; readonly n: number; readonly perSecond: number }
  | { readonly kind: 'scale'; readonly n: number; readonly publications: number; readonly wallMs: number; readonly peakMb: number; readonly converged: boolean }
  | { readonly kind: 'nb6'; readonly peakMb: number };

const count = (x: number): string => Math.round(x).toLocaleString('en');
/** A row's figure as the lines print it, with its unit; a row that died before its figures has none (NaN). */
const figure = (x: number, unit: string): string => (Number.isNaN(x) ? 'unknown' : `${count(x)}${unit}`);
const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');

/** The lines, one per row that is a target's (none when no such row ran: no heading either). A figure that is NaN (the row's process died first) is unknown, and the target not met. */
export function targetLines(rows: readonly TargetRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (r.kind === 'mesh' && r.n === MESH_TARGET.n) {
      out.push(`  mesh ${r.n}, at least ${count(MESH_TARGET.perSecond)} deliveries a second warm: ${figure(r.perSecond, '/s')}, ${verdict(r.perSecond >= MESH_TARGET.perSecond)}`);
    } else if (r.kind === 'scale' && r.n === SCALE_TARGET.n && r.publications === SCALE_TARGET.publications) {
      const seen = `${r.converged ? 'converged' : 'did not converge'} in ${(r.wallMs / 1000).toFixed(1)} s, peak ${figure(r.peakMb, ' MB')}`;
      const met = r.converged && r.wallMs <= SCALE_TARGET.wallMs && r.peakMb <= SCALE_TARGET.peakMb;
      out.push(`  scale ${r.n}, ${count(r.publications)} publications converged within ${SCALE_TARGET.wallMs / 1000} s and ${SCALE_TARGET.peakMb / 1024} GiB: ${seen}, ${verdict(met)}`);
    } else if (r.kind === 'nb6') {
      out.push(`  NB-6 128 nodes under ${NB6_TARGET_MB} MB: peak ${figure(r.peakMb, ' MB')}, ${verdict(r.peakMb < NB6_TARGET_MB)}`);
    }
  }
  return out.length === 0 ? [] : ["issue 20's targets:", ...out];
}
