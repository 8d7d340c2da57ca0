/**
 * User traffic steps: a node sends numbered messages on a schedule while the scenario disturbs
 * the links; the receiver must get each exactly once and in order.
 */
import { Then, When } from '@cucumber/cucumber';
import { ExpectationError } from './support';
import type { ConformanceWorld } from './world';

const PORT = 4242;

When('node {int} starts sending numbered messages to node {int}, one every {int} ms', async function (this: ConformanceWorld, from: number, to: number, every: number) {
  const c = await this.cluster();
  this.streams.push({ from, to, port: PORT, everyMs: every, sent: 0, nextAt: c.now(), active: true });
});

When('{int} ms pass', async function (this: ConformanceWorld, ms: number) {
  await this.runUntil(() => false, ms);
});

When('node {int} has sent {int} messages', async function (this: ConformanceWorld, from: number, count: number) {
  const s = this.streams.find((x) => x.from === from && x.active);
  if (!s) throw new Error(`node ${from} is not sending: start a stream first`);
  s.limit = count;
  const done = await this.runUntil(() => !s.active, (count - s.sent + 1) * s.everyMs + 1);
  if (!done) throw new ExpectationError(`node ${from} to have sent ${count} messages`, `${s.sent} sent`);
});

Then('node {int} receives every message node {int} sent, exactly once and in order, within {int} ms', async function (this: ConformanceWorld, to: number, from: number, ms: number) {
  const c = await this.cluster();
  const sent = this.streams.filter((s) => s.from === from && s.to === to).reduce((n, s) => n + s.sent, 0);
  const got = (): number[] =>
    c
      .deliveries(to)
      .filter((d) => d.from === from && d.port === PORT && d.payload.length === 4)
      .map((d) => new DataView(d.payload.buffer, d.payload.byteOffset, 4).getUint32(0));
  await this.runUntil(() => new Set(got()).size >= sent, ms);
  const seq = got();
  const problems: string[] = [];
  const seen = new Set<number>();
  const dups = seq.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (dups.length) problems.push(`${dups.length} duplicates (first: ${dups.slice(0, 5).join(', ')})`);
  const missing: number[] = [];
  for (let i = 1; i <= sent; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length) problems.push(`${missing.length} missing (first: ${missing.slice(0, 5).join(', ')})`);
  const outOfOrder = seq.findIndex((n, i) => i > 0 && n < seq[i - 1] && !dups.includes(n));
  if (outOfOrder > 0) problems.push(`out of order at delivery ${outOfOrder + 1}: ${seq[outOfOrder - 1]} then ${seq[outOfOrder]}`);
  if (problems.length) {
    throw new ExpectationError(`node ${to} to receive messages 1..${sent} from node ${from} exactly once, in order`, `${seq.length} deliveries: ${problems.join('; ')}`);
  }
});
