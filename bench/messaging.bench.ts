// `npm run bench -- messaging`: the whole messaging pipeline for 1 KiB messages — sign and encrypt
// (writeMessage), publish, fetch, decrypt and verify (readMessage) — beside bare JetStream publish
// and fetch of 1 KiB on the same server in the same run (the reference). Keys are SOFTWARE test keys
// (the container vectors' 100-year PKI: ECDSA signer, EC recipient) so the token is out of the
// measurement. One operation is a batch of IN_FLIGHT messages published together and fetched back;
// each message's latency runs from its first step (signing, or the bare publish) to its last
// (verified, or fetched). A third case sends one message at a time: latency without a queue. A
// fourth runs one message's crypto primitives alone with node:crypto (no ASN.1, no server): the
// bound the pipeline cannot beat on one thread. Then the pipeline's CPU stages alone, one message each,
// without the server: sign + encrypt, decrypt, verify (chain included) and the chain check alone.
// Prints messages/s, p50/p99, the rate ratio and that
// bound beside the bare rate. Numbers are reported, never asserted. `--rounds 2 --ms 300` for a short run.
import { createCipheriv, createDecipheriv, createECDH, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { validateCertificate } from '../electron/core/certificates/chain-validator.js';
import { openEnvelope } from '../electron/core/messaging/cms-envelope.js';
import { readMessage, readSignedMessage } from '../electron/core/messaging/cms-message-reader.js';
import { readSignedEntity } from '../electron/core/messaging/mime-entity.js';
import { writeMessage } from '../electron/core/messaging/cms-message-writer.js';
import { Inbox, type InboxMessage } from '../electron/core/messaging/inbox.js';
import type { SignerTrust } from '../electron/core/messaging/cms-signed-data-verifier.js';
import { createMessagingLab } from '../tests/support/nats/messaging-lab.js';
import { softwareEcSigner } from '../tests/support/software-signer.js';
import { recipientFromPem, type SoftwareRecipient } from '../tests/support/software-recipient.js';
import { pemToDer } from '../tests/support/softhsm/test-pki.js';
import { Teardown } from '../tests/support/teardown.js';
import { vectorTrust } from '../tests/vectors/messages/vector-trust.js';
import { readFileSync } from 'node:fs';
import type { Benchmark, CaseResult } from './harness.js';

const IN_FLIGHT = 16;
const BARE = 'bare JetStream publish + fetch, 1 KiB';
const PIPELINE = 'sign + encrypt + publish + fetch + decrypt + verify, 1 KiB';
const ONE_AT_A_TIME = 'the same pipeline, one message at a time';
const CRYPTO = 'crypto primitives alone, one message (node:crypto)';
// The pipeline's CPU stages, one message each, no server: where a message's time goes.
const WRITE = 'stage: sign + encrypt (writeMessage)';
const OPEN = 'stage: decrypt (openEnvelope)';
const VERIFY = 'stage: verify, chain included (readSignedMessage)';
const CHAIN = 'stage: chain + CRL check alone (validateCertificate)';
const PER_MESSAGE = [ONE_AT_A_TIME, CRYPTO, WRITE, OPEN, VERIFY, CHAIN];
const pki = path.resolve(import.meta.dirname, '../tests/vectors/container/pki');

const teardown = new Teardown();
const latencies = new Map<string, number[]>([[BARE, []], [PIPELINE, []], [ONE_AT_A_TIME, []]]);
let sender: Inbox;
let receiver: Inbox;
let trust: SignerTrust;
let recipient: SoftwareRecipient;
const signer = softwareEcSigner(path.join(pki, 'signer.key'), path.join(pki, 'signer.pem'));
const bareBody = randomBytes(1024);
// 1 KiB of text: what an official types, not random bytes.
const text = 'Đề nghị các đơn vị báo cáo kết quả kiểm tra mạng cơ yếu trước 17 giờ. '.repeat(20).slice(0, 1024);
let counter = 0;

/**
 * Messages published and not yet fetched: the reader asks the server only when one was announced
 * (the product's receive loop is nudged the same way), not in a loop of consumer-info requests
 * every millisecond — that polling took the thread from the writer and cost more CPU than a
 * message's crypto (a message alone: 24.6 ms CPU with it, measured 2026-12-05).
 */
class Announced {
  #count = 0;
  #waiting: (() => void) | undefined;
  published(): void {
    this.#count += 1;
    this.#waiting?.();
  }
  /** Resolves once more than `seen` messages were published. */
  async beyond(seen: number): Promise<void> {
    while (this.#count <= seen) await new Promise<void>((resolve) => (this.#waiting = resolve));
  }
}

/** Fetches until `count` messages came back, acking each after `handle`. */
async function drain(count: number, announced: Announced, handle: (message: InboxMessage) => Promise<void>): Promise<void> {
  let received = 0;
  while (received < count) {
    await announced.beyond(received);
    const batch = await receiver.fetch(count - received);
    received += batch.length;
    await Promise.all(batch.map(async (message) => {
      await handle(message);
      await message.ack();
    }));
  }
}

async function bareBatch(): Promise<void> {
  const started = new Map<string, number>();
  const record = latencies.get(BARE) ?? [];
  const announced = new Announced();
  await Promise.all([
    ...Array.from({ length: IN_FLIGHT }, async () => {
      const id = `bare-${counter++}`;
      started.set(id, performance.now());
      await sender.publish('binh', 'thuong', id, bareBody);
      announced.published();
    }),
    drain(IN_FLIGHT, announced, (message) => {
      record.push(performance.now() - (started.get(message.msgId) ?? 0));
      return Promise.resolve();
    }),
  ]);
}

async function pipelineBatch(): Promise<void> {
  await pipeline(IN_FLIGHT, PIPELINE);
}

/** One message alone through the whole pipeline: its latency without a batch queued ahead of it. */
async function pipelineSingle(): Promise<void> {
  await pipeline(1, ONE_AT_A_TIME);
}

async function pipeline(count: number, label: string): Promise<void> {
  const started = new Map<string, number>();
  const record = latencies.get(label) ?? [];
  const announced = new Announced();
  await Promise.all([
    ...Array.from({ length: count }, async () => {
      const begun = performance.now();
      const written = await write();
      started.set(written.messageId, begun);
      await sender.publish('binh', 'thuong', written.messageId, written.message);
      announced.published();
    }),
    drain(count, announced, async (message) => {
      const read = await readMessage({ message: message.data, keys: [recipient], trust });
      if (read.text.body.length === 0) throw new Error('empty body');
      record.push(performance.now() - (started.get(message.msgId) ?? 0));
    }),
  ]);
}

function write(): ReturnType<typeof writeMessage> {
  return writeMessage({
    draft: { subject: `Bench ${counter++}`, body: text, classification: 'mat', precedence: 'thuong', expiresAt: new Date(Date.now() + 86_400_000), requestReceipt: true },
    signer,
    chain: [],
    recipients: [recipient.certificateDer],
    senderCertificates: [],
    now: new Date(),
  });
}

/** One message written in setup, read again by the stage cases. */
let sample: { message: Uint8Array; signedData: Uint8Array; signerCertificate: Uint8Array } | undefined;
const sampled = (): NonNullable<typeof sample> => {
  if (sample === undefined) throw new Error('setup first');
  return sample;
};

/**
 * CPU ms of each stage for one message, the least of 5 runs of 20 on this thread: on a loaded
 * machine the wall times in the table mostly measure waiting for a core; the CPU a stage takes
 * says where a message's time goes.
 */
let cpuMs: ReadonlyMap<string, number> = new Map();
async function stageCpu(): Promise<ReadonlyMap<string, number>> {
  const stages = bench.cases.filter((item) => [WRITE, OPEN, VERIFY, CHAIN, CRYPTO].includes(item.label));
  const result = new Map<string, number>();
  for (const stage of stages) {
    let least = Infinity;
    for (let run = 0; run < 6; run++) {
      const before = process.cpuUsage();
      for (let i = 0; i < 20; i++) await stage.run();
      const used = process.cpuUsage(before);
      if (run > 0) least = Math.min(least, (used.user + used.system) / 1000 / 20); // the first run warms up
    }
    result.set(stage.label, least);
  }
  return result;
}

/**
 * What one message costs in crypto primitives alone, with node:crypto on this thread: the ECDSA
 * P-256 signature, its check by the sender (signAndCheck) and by the reader, the ephemeral ECDH key
 * and agreement per recipient, the reader's agreement, AES-256-GCM over the encrypted entity both
 * ways. No ASN.1, MIME, KDF or key wrap: the bound the pipeline cannot beat on one thread.
 */
let primitives: { signKey: KeyObject; verifyKey: KeyObject; recipientPoint: Buffer; recipient: ReturnType<typeof createECDH>; entity: Buffer } | undefined;
function cryptoAlone(): void {
  if (primitives === undefined) throw new Error('setup first');
  const { signKey, verifyKey, recipientPoint, recipient: reader, entity } = primitives;
  const signedAttributes = randomBytes(300);
  const signature = sign('sha256', signedAttributes, signKey);
  if (!verify('sha256', signedAttributes, verifyKey, signature)) throw new Error('sign check');
  const ephemeral = createECDH('prime256v1');
  const ephemeralPoint = ephemeral.generateKeys();
  ephemeral.computeSecret(recipientPoint);
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const sealed = Buffer.concat([cipher.update(entity), cipher.final()]);
  const tag = cipher.getAuthTag();
  reader.computeSecret(ephemeralPoint);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(tag);
  Buffer.concat([decipher.update(sealed), decipher.final()]);
  if (!verify('sha256', signedAttributes, verifyKey, signature)) throw new Error('read check');
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
};

const bench: Benchmark = {
  name: 'messaging',
  description: `1 KiB messages end to end on one nats-server (TLS, NKEY, file storage, loopback), ${IN_FLIGHT} in flight; software test keys; one op = ${IN_FLIGHT} messages`,
  opsPerCheck: 1,
  reference: { label: BARE, run: bareBatch },
  cases: [
    { label: PIPELINE, run: pipelineBatch },
    // One op here is one message, not a batch: its rate below is divided back out of the batch size.
    { label: ONE_AT_A_TIME, run: pipelineSingle },
    // One op is one message's primitives: the physical bound beside the pipeline.
    { label: CRYPTO, run: cryptoAlone },
    { label: WRITE, run: write },
    { label: OPEN, run: () => openEnvelope(sampled().message, [recipient]) },
    { label: VERIFY, run: () => readSignedMessage(sampled().signedData, trust) },
    { label: CHAIN, run: () => validateCertificate(sampled().signerCertificate, { anchors: trust.anchors, intermediates: trust.intermediates, crls: trust.crls, at: trust.now(), purpose: 'signature' }) },
  ],
  setup: async () => {
    trust = await vectorTrust();
    recipient = recipientFromPem(new Uint8Array(pemToDer(readFileSync(path.join(pki, 'recipient-ec.pem'), 'utf8'))), readFileSync(path.join(pki, 'recipient-ec.key'), 'utf8'));
    const signKey = createPrivateKey(readFileSync(path.join(pki, 'signer.key'), 'utf8'));
    const reader = createECDH('prime256v1');
    reader.setPrivateKey(Buffer.from(createPrivateKey(readFileSync(path.join(pki, 'recipient-ec.key'), 'utf8')).export({ format: 'jwk' }).d ?? '', 'base64url'));
    // The encrypted entity of a 1 KiB message is ~3.5 KiB: MIME text, signed, in base64 again.
    const written = await write();
    const signedData = readSignedEntity(await openEnvelope(written.message, [recipient]));
    sample = { message: written.message, signedData, signerCertificate: (await readSignedMessage(signedData, trust)).signed.signerCertificate };
    primitives = { signKey, verifyKey: createPublicKey(signKey), recipientPoint: reader.getPublicKey(), recipient: reader, entity: randomBytes(3500) };
    cpuMs = await stageCpu();
    const lab = await createMessagingLab(teardown, { users: [{ id: 'an', devices: ['pc1'] }, { id: 'binh', devices: ['pc1'] }] });
    const [an, binh] = [lab.connectAs('an'), lab.connectAs('binh')];
    await Promise.all([an, binh].map((c) => c.until((state) => state.kind === 'connected')));
    [sender, receiver] = [new Inbox(an), new Inbox(binh)];
    await receiver.fetch(1); // creates the durables outside the measurement
  },
  teardown: () => teardown.run(),
  report: (results: readonly CaseResult[]) => {
    const rate = (label: string) => (results.find((r) => r.label === label)?.opsPerSecond ?? 0) * (PER_MESSAGE.includes(label) ? 1 : IN_FLIGHT);
    const lines = [BARE, PIPELINE, ONE_AT_A_TIME].map((label) => {
      const values = latencies.get(label) ?? [];
      return { label, messagesPerSecond: Math.round(rate(label)), p50Ms: +percentile(values, 50).toFixed(2), p99Ms: +percentile(values, 99).toFixed(2), messages: values.length };
    });
    const ratio = rate(BARE) === 0 ? 0 : rate(PIPELINE) / rate(BARE);
    const bound = rate(CRYPTO);
    const boundRatio = rate(BARE) === 0 ? 0 : bound / rate(BARE);
    const cores = availableParallelism();
    const ms = (label: string): string => (1000 / Math.max(rate(label), 1e-9)).toFixed(2);
    const cpu = (label: string): string => (cpuMs.get(label) ?? 0).toFixed(2);
    return {
      text: [
        ...lines.map((line) => `${line.label}: ${line.messagesPerSecond} messages/s, latency p50 ${line.p50Ms} ms, p99 ${line.p99Ms} ms (${line.messages} messages, warm-up included)`),
        `pipeline / bare rate: ${ratio.toFixed(3)}x (goal >= 0.5x, p99 < 20 ms)`,
        `crypto primitives alone: ${Math.round(bound)} messages/s on one thread (${(1000 / Math.max(bound, 1)).toFixed(2)} ms each) = ${boundRatio.toFixed(2)}x bare; ${cores} cores here, shared with nats-server: at most ${(boundRatio * cores).toFixed(2)}x bare with every core on crypto alone`,
        `pipeline / crypto bound: ${(bound === 0 ? 0 : rate(PIPELINE) / bound).toFixed(3)} (1.0 = nothing but crypto on one thread)`,
        `stages, ms a message on this thread (no server), wall: write ${ms(WRITE)}, decrypt ${ms(OPEN)}, verify ${ms(VERIFY)} of which chain + CRL ${ms(CHAIN)}; crypto primitives ${ms(CRYPTO)}; bare JetStream ${(1000 / Math.max(rate(BARE), 1)).toFixed(2)}`,
        `stages, CPU ms a message (least of 5 × 20): write ${cpu(WRITE)}, decrypt ${cpu(OPEN)}, verify ${cpu(VERIFY)} of which chain + CRL ${cpu(CHAIN)}; crypto primitives ${cpu(CRYPTO)}; load ${loadavg()[0]?.toFixed(1) ?? '?'} on ${cores} cores`,
      ].join('\n'),
      json: {
        stagesMs: Object.fromEntries([WRITE, OPEN, VERIFY, CHAIN, CRYPTO].map((label) => [label, { wall: +ms(label), cpu: +cpu(label) }])),
        load: loadavg()[0], messages: lines, ratio: +ratio.toFixed(3), cryptoBoundPerSecond: Math.round(bound), cryptoBoundRatio: +boundRatio.toFixed(3), cores },
    };
  },
};
export default bench;
