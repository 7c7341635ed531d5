import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openPayload, sealPayload } from '../../../electron/core/documents/chunk-threads.js';
import { chunkLeaf, openChunk, sealChunk } from '../../../electron/core/documents/container-crypto.js';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import { CHUNK_SIZE, TAG_SIZE } from '../../../electron/core/documents/container-format.js';

// chunk-threads.ts seals and opens version 2 payloads on worker threads, batches in any order.
// Checked against the text's definitions computed here one chunk after another on this thread
// (docs/container.md "Body" and "The signed message"): the same bytes at the same places, the
// same chunks-digest, and on opening the first damaged chunk in file order.

const scratch = mkdtempSync(path.join(tmpdir(), 'chunk-threads-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const SEALED = CHUNK_SIZE + TAG_SIZE;
const BATCH = 16 * CHUNK_SIZE;

/** The payload and chunks-digest as the text defines them, chunk by chunk. */
function reference(key: Buffer, plaintext: Buffer): { payload: Buffer; chunksDigest: Buffer } {
  const count = Math.max(1, Math.ceil(plaintext.length / CHUNK_SIZE));
  const sealed: Buffer[] = [];
  const leaves = createHash('sha256');
  for (let i = 0; i < count; i++) {
    const [body, tag] = sealChunk(key, i, i === count - 1, plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
    sealed.push(body, tag);
    leaves.update(chunkLeaf(i, i === count - 1, body, tag));
  }
  return { payload: Buffer.concat(sealed), chunksDigest: leaves.digest() };
}

/** The plaintext in pieces of awkward sizes (a stream's reads do not fall on chunk or batch edges). */
async function* pieces(bytes: Buffer): AsyncGenerator<Uint8Array> {
  const sizes = [1, 70_000, 3, BATCH - 5, 65_536, 1_000_003];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield new Uint8Array(bytes.subarray(at, at + size)); // a copy of its own, like a file stream's
    at += size;
  }
}

/** The plaintext as a real file, which the threads read at their batches' offsets; `size` as told (the file's own unless a test says). */
async function plaintextFile(bytes: Buffer, size = bytes.length) {
  const file = path.join(scratch, 'plain-source.bin');
  writeFileSync(file, bytes);
  const handle = await open(file, 'r');
  return { source: { kind: 'file', fd: handle.fd, size } as const, close: () => handle.close() };
}

async function sealed(key: Buffer, plaintext: Buffer, prefix: number, from: 'stream' | 'file', toldSize?: number): Promise<{ file: Buffer; chunksDigest: Buffer; sealedBytes: number; plaintextBytes: number }> {
  const file = path.join(scratch, 'sealed.bin');
  writeFileSync(file, Buffer.alloc(prefix, 0xaa));
  const fd = openSync(file, 'r+');
  const input = from === 'file' ? await plaintextFile(plaintext, toldSize) : undefined;
  try {
    const result = await sealPayload({ source: input?.source ?? { kind: 'stream', stream: pieces(plaintext) }, payloadKey: key, fd, at: prefix });
    return { file: readFileSync(file), ...result };
  } finally {
    closeSync(fd);
    await input?.close();
  }
}

describe('chunk threads: version 2 payloads sealed and opened on every core, the bytes of one thread', () => {
  // Empty (one empty chunk), one byte, one chunk, exactly one batch (held until the end proves it
  // last), a batch and a byte, and several batches with a short last chunk.
  // From a stream (its pieces copied into the batches) and from a file (each thread reads its own batches).
  for (const from of ['stream', 'file'] as const)
  for (const size of [0, 1, CHUNK_SIZE, BATCH, BATCH + 1, 3 * BATCH + 5 * CHUNK_SIZE + 17]) {
    it(`${size} bytes from a ${from}: the payload at its offset and chunks-digest are those of chunk-by-chunk sealing, and open back`, async () => {
      const key = randomBytes(32);
      const plaintext = randomBytes(size);
      const expected = reference(key, plaintext);
      const result = await sealed(key, plaintext, 123, from);
      assert.equal(result.plaintextBytes, size);
      assert.equal(result.sealedBytes, expected.payload.length);
      assert.deepEqual(result.file.subarray(0, 123), Buffer.alloc(123, 0xaa), 'the bytes before the payload are left alone');
      assert.ok(result.file.subarray(123).equals(expected.payload), 'the same sealed chunks in the same places');
      assert.deepEqual(result.chunksDigest, expected.chunksDigest);

      const handle = await open(path.join(scratch, 'sealed.bin'), 'r');
      try {
        const chunks = Math.max(1, Math.ceil(size / CHUNK_SIZE));
        const opened: Buffer[] = [];
        const back = await openPayload({ input: handle.fd, start: 123, end: result.file.length, chunks, payloadKey: key, fd: -1, onPlaintext: (p) => opened.push(...p) });
        assert.deepEqual(back.chunksDigest, expected.chunksDigest);
        assert.ok(Buffer.concat(opened).equals(plaintext));
      } finally {
        await handle.close();
      }
    });
  }

  it('a plaintext file whose size changed while it was read is refused, not sealed short or cut', async () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(3 * BATCH + 100);
    // Told longer than it is: it shrank (a thread's read ends early). Told shorter: it grew.
    for (const told of [plaintext.length + 1, plaintext.length + BATCH, plaintext.length - 1, 2 * BATCH]) {
      const refused = await sealed(key, plaintext, 0, 'file', told).then(() => undefined, (error: unknown) => error);
      assert.ok(refused instanceof Error, `told ${told}`);
      assert.equal((refused as NodeJS.ErrnoException).code, 'ESOURCECHANGED');
    }
  });

  it('a container that ends before its last batch is truncated, read by the threads themselves', async () => {
    const key = randomBytes(32);
    const { payload } = reference(key, randomBytes(2 * BATCH));
    const container = path.join(scratch, 'short.bin');
    writeFileSync(container, payload.subarray(0, payload.length - 7));
    const handle = await open(container, 'r');
    try {
      const refused = await openPayload({ input: handle.fd, start: 0, end: payload.length, chunks: 32, payloadKey: key, fd: -1 }).then(() => undefined, (error: unknown) => error);
      assert.ok(refused instanceof ContainerError);
      assert.equal(refused.problem, 'truncated');
    } finally {
      await handle.close();
    }
  });

  it('opening to a file writes each chunk at its place; with two damaged chunks the first in file order is named, whichever thread finished first', async () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(6 * BATCH + 1000);
    const expected = reference(key, plaintext);
    const chunks = Math.ceil(plaintext.length / CHUNK_SIZE);
    const container = path.join(scratch, 'payload.bin');
    const run = async (payload: Buffer) => {
      writeFileSync(container, payload);
      const out = path.join(scratch, 'plain.bin');
      writeFileSync(out, '');
      const handle = await open(container, 'r');
      const fd = openSync(out, 'r+');
      try {
        const result = await openPayload({ input: handle.fd, start: 0, end: payload.length, chunks, payloadKey: key, fd });
        return { result, written: readFileSync(out) };
      } finally {
        closeSync(fd);
        await handle.close();
      }
    };
    const whole = await run(expected.payload);
    assert.ok(whole.written.equals(plaintext));
    assert.deepEqual(whole.result.chunksDigest, expected.chunksDigest);

    const damaged = Buffer.from(expected.payload);
    for (const chunk of [70, 33]) damaged[chunk * SEALED + 5] = (damaged[chunk * SEALED + 5] ?? 0) ^ 1;
    const refused = await run(damaged).then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof ContainerError);
    assert.deepEqual([refused.problem, refused.detail.chunk], ['chunkTampered', 33]);

    // A last chunk sealed as not last (a cut file) opens only with flag 0: truncated, as one thread would say.
    const cut = expected.payload.subarray(0, 40 * SEALED);
    assert.throws(() => openChunk(key, 39, true, cut.subarray(39 * SEALED)), (error: unknown) => error instanceof ContainerError && error.problem === 'truncated');
    const truncated = await (async () => {
      writeFileSync(container, cut);
      const handle = await open(container, 'r');
      try {
        return await openPayload({ input: handle.fd, start: 0, end: cut.length, chunks: 40, payloadKey: key, fd: -1 }).then(() => undefined, (error: unknown) => error);
      } finally {
        await handle.close();
      }
    })();
    assert.ok(truncated instanceof ContainerError);
    assert.deepEqual([truncated.problem, truncated.detail.chunk], ['truncated', 39]);
  });
});
