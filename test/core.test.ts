/** 16-bit serial arithmetic (core.h): wrap-around cases and the ordering laws sequence numbers rely on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { less, less_eq, mod, more } from '../reference/core';

test('comparisons across the 16-bit wrap', () => {
  assert.equal(less(65535, 0), true, '65535 comes just before 0');
  assert.equal(more(0, 65535), true);
  assert.equal(less(65500, 20), true);
  assert.equal(less(20, 65500), false);
  assert.equal(less(0, 32767), true, 'half the space ahead is "later"');
  assert.equal(less(0, 32768), false, 'exactly half way is not "later"');
  assert.equal(less_eq(7, 7), true);
  assert.equal(less(7, 7), false);
  assert.equal(more(7, 7), false);
  assert.equal(mod(65536 + 3), 3);
  assert.equal(mod(-1), 65535);
});

test('for distinct numbers less than half the space apart, exactly one is earlier', () => {
  let x = 12345;
  for (let i = 0; i < 20000; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const a = x & 0xffff;
    const d = 1 + ((x >>> 16) % 32767); // 1..32767
    const b = (a + d) & 0xffff;
    assert.equal(less(a, b), true, `${a} < ${b}`);
    assert.equal(less(b, a), false, `${b} !< ${a}`);
    assert.equal(more(b, a), true, `${b} > ${a}`);
    assert.equal(less_eq(a, a), true);
  }
});
