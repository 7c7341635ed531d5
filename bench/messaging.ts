// Bare JetStream messaging on loopback: 1 KiB messages published to a recipient's inbox (each
// publish acknowledged by the stream) while the recipient's device fetches and acks them, through
// the real server configuration (TLS, NKEY users, permissions, file storage). Prints messages/s and
// the p50/p99 latency from publish to fetch: the reference column for the signed and encrypted
// pipeline of #15 (item 3), which will run beside it on the same server.
//   npm run bench:messaging        (BENCH_MESSAGES=500 for a quicker run)
import { randomBytes } from 'node:crypto';
import { Inbox } from '../electron/core/messaging/inbox.js';
import { createMessagingLab } from '../tests/support/nats/messaging-lab.js';
import { Teardown } from '../tests/support/teardown.js';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 2000);
const IN_FLIGHT = 32;
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

const teardown = new Teardown();
try {
  const lab = await createMessagingLab(teardown, { users: [{ id: 'an', devices: ['pc1'] }, { id: 'binh', devices: ['pc1'] }] });
  const [an, binh] = [lab.connectAs('an'), lab.connectAs('binh')];
  await Promise.all([an, binh].map((c) => c.until((state) => state.kind === 'connected')));
  const [outbox, inbox] = [new Inbox(an), new Inbox(binh)];
  await inbox.fetch(1); // creates the durables outside the measurement
  const body = randomBytes(1024);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];

  const start = performance.now();
  const publish = async (): Promise<void> => {
    for (let next = 0; next < MESSAGES; next += IN_FLIGHT) {
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, MESSAGES - next) }, (_, i) => {
          const id = `bench-${next + i}`;
          sentAt.set(id, performance.now());
          return outbox.publish('binh', 'thuong', id, body);
        }),
      );
    }
  };
  const consume = async (): Promise<void> => {
    while (latencies.length < MESSAGES) {
      const batch = await inbox.fetch(256);
      const now = performance.now();
      for (const message of batch) latencies.push(now - (sentAt.get(message.msgId) ?? now));
      await Promise.all(batch.map((message) => message.ack()));
    }
  };
  await Promise.all([publish(), consume()]);
  const seconds = (performance.now() - start) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = { messages: MESSAGES, bytes: 1024, perSecond: Math.round(MESSAGES / seconds), p50Ms: +percentile(sorted, 50).toFixed(2), p99Ms: +percentile(sorted, 99).toFixed(2) };
  process.stdout.write(`bare JetStream, 1 KiB, TLS + NKEY, file storage, loopback, ${IN_FLIGHT} in flight: ${result.perSecond} messages/s, latency p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms\n`);

  // Unloaded: one message at a time, publish to fetched.
  const single: number[] = [];
  for (let i = 0; i < Math.min(200, MESSAGES); i++) {
    const sent = performance.now();
    await outbox.publish('binh', 'thuong', `single-${i}`, body);
    let batch: Awaited<ReturnType<Inbox['fetch']>> = [];
    while (batch.length === 0) batch = await inbox.fetch(1);
    single.push(performance.now() - sent);
    await Promise.all(batch.map((message) => message.ack()));
  }
  const one = [...single].sort((a, b) => a - b);
  const unloaded = { messages: single.length, p50Ms: +percentile(one, 50).toFixed(2), p99Ms: +percentile(one, 99).toFixed(2) };
  process.stdout.write(`one at a time: latency p50 ${unloaded.p50Ms} ms, p99 ${unloaded.p99Ms} ms\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ bench: 'messaging', node: process.version, date: new Date().toISOString(), results: [{ label: 'bare JetStream', ...result }, { label: 'bare JetStream, one at a time', ...unloaded }] })}\n`);
} finally {
  await teardown.run();
}
