import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { gcm } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { nativeAead } from '../../../electron/core/crypto/native-aead.js';
import { SEALED_CHUNK, chunkLeaf, openChunksInPlace, sealChunk, sealChunksInPlace } from '../../../electron/core/documents/container-crypto.js';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import { CHUNK_SIZE, TAG_SIZE } from '../../../electron/core/documents/container-format.js';

// A version 2 batch sealed (and opened) in place (native/field-aead's sealChunks, or node:crypto copied into
// place when the addon is off) must be byte for byte what docs/container.md defines: chunk i is
// AES-256-GCM(payload key, u88(first + i) || flag, chunk) stored as ciphertext || tag, and leaf i
// is SHA-256(iv || sealed chunk). Computed independently with @noble/ciphers and @noble/hashes.

const u88 = (index: number, last: boolean): Uint8Array => {
  const iv = new Uint8Array(12);
  for (let byte = 0, rest = index; byte < 11; byte++, rest = Math.floor(rest / 256)) iv[10 - byte] = rest % 256;
  iv[11] = last ? 1 : 0;
  return iv;
};

/** The batch as laid out for sealing: chunk i's plaintext at SEALED_CHUNK·i, room for its tag after it. */
function laidOut(plaintext: Buffer, count: number): Buffer {
  const batch = Buffer.alloc(count * SEALED_CHUNK, 0xee);
  for (let i = 0; i < count; i++) plaintext.copy(batch, i * SEALED_CHUNK, i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
  return batch;
}

/** Sealed chunks and leaves by the text, with @noble (no node:crypto, no OpenSSL). */
function noble(key: Buffer, plaintext: Buffer, count: number, first: number, endsLast: boolean): { sealed: Buffer; leaves: Buffer } {
  const sealed: Uint8Array[] = [];
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const iv = u88(first + i, endsLast && i === count - 1);
    const chunk = gcm(key, iv).encrypt(plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
    sealed.push(chunk);
    leaves.push(sha256(Buffer.concat([iv, chunk])));
  }
  return { sealed: Buffer.concat(sealed), leaves: Buffer.concat(leaves) };
}

/** The batch's sealed bytes in file order (each chunk's ciphertext and tag, no gaps). */
const sealedOf = (batch: Buffer, plaintextLength: number, count: number): Buffer => batch.subarray(0, plaintextLength + count * TAG_SIZE);

// One empty chunk (an empty file), a byte, one full chunk, a short last chunk after full ones, a
// full batch that does not end the file, and an index near the writer's limit of 2^48 chunks.
const cases = [
  { length: 0, first: 0, endsLast: true },
  { length: 1, first: 5, endsLast: true },
  { length: CHUNK_SIZE, first: 0, endsLast: true },
  { length: 2 * CHUNK_SIZE + 17, first: 16, endsLast: true },
  { length: 16 * CHUNK_SIZE, first: 32, endsLast: false },
  { length: 3 * CHUNK_SIZE, first: 2 ** 48 - 3, endsLast: true },
];

describe('a version 2 batch sealed in place: the bytes and leaves the text defines', () => {
  afterEach(() => delete process.env.AIRLOCK_NATIVE_AEAD);

  it('native/field-aead is built and offers sealChunks (else the rows below would test node:crypto twice)', () => {
    const status = nativeAead();
    assert.ok(status.available, status.available ? '' : status.reason);
    assert.equal(typeof status.addon.sealChunks, 'function');
    assert.equal(typeof status.addon.openChunks, 'function');
  });

  for (const side of ['native', 'node:crypto (AIRLOCK_NATIVE_AEAD=off)'] as const) {
    for (const { length, first, endsLast } of cases) {
      it(`${side}: ${length} bytes from chunk ${first}, ${endsLast ? 'ending' : 'not ending'} the file, equal @noble's bytes and leaves`, () => {
        if (side !== 'native') process.env.AIRLOCK_NATIVE_AEAD = 'off';
        const count = Math.max(1, Math.ceil(length / CHUNK_SIZE));
        const key = randomBytes(32);
        const plaintext = randomBytes(length);
        const batch = laidOut(plaintext, count);
        const leaves = Buffer.alloc(32 * count);
        sealChunksInPlace(key, batch, count, first, endsLast, length - (count - 1) * CHUNK_SIZE, leaves);
        const expected = noble(key, plaintext, count, first, endsLast);
        const sealed = Buffer.concat(Array.from({ length: count }, (_, i) => batch.subarray(i * SEALED_CHUNK, i * SEALED_CHUNK + Math.min(CHUNK_SIZE, length - i * CHUNK_SIZE) + TAG_SIZE)));
        assert.ok(sealed.equals(expected.sealed), 'ciphertext and tags');
        assert.ok(leaves.equals(expected.leaves), 'leaves');
        if (count === 1 || length % CHUNK_SIZE === 0) assert.ok(sealedOf(batch, length, count).equals(expected.sealed), 'full chunks are written as one run');
        // And the node:crypto helpers the reader uses agree (chunk 0 of the batch).
        const [body, tag] = sealChunk(key, first, endsLast && count === 1, plaintext.subarray(0, CHUNK_SIZE));
        assert.ok(Buffer.concat([body, tag]).equals(expected.sealed.subarray(0, body.length + TAG_SIZE)));
        assert.ok(chunkLeaf(first, endsLast && count === 1, body, tag).equals(expected.leaves.subarray(0, 32)));
      });
    }
  }

  it('the addon refuses a batch too short for its chunks, no chunks, an index past 2^48 − 1, a last index inside the batch, touching nothing', () => {
    const status = nativeAead();
    assert.ok(status.available && status.addon.sealChunks !== undefined);
    const sealChunks = status.addon.sealChunks.bind(status.addon);
    const key = randomBytes(32);
    const batch = randomBytes(2 * SEALED_CHUNK);
    const before = Buffer.from(batch);
    const leaves = Buffer.alloc(64);
    assert.throws(() => sealChunks(key, batch.subarray(0, 2 * SEALED_CHUNK - 1), 2, 0, true, CHUNK_SIZE, leaves), { code: 'AIRLOCK_CHUNKS_ARGUMENT' });
    assert.throws(() => sealChunks(key, batch, 0, 0, true, 0, leaves), { code: 'AIRLOCK_CHUNKS_ARGUMENT' });
    assert.throws(() => sealChunks(key, batch, 2, 2 ** 48 - 1, true, CHUNK_SIZE, leaves), { code: 'AIRLOCK_CHUNKS_ARGUMENT' });
    assert.throws(() => sealChunks(key, batch, 2, 0, true, CHUNK_SIZE, leaves.subarray(0, 63)), { code: 'AIRLOCK_CHUNKS_ARGUMENT' });
    assert.throws(() => sealChunks(key.subarray(0, 16), batch, 2, 0, true, CHUNK_SIZE, leaves), { code: 'AIRLOCK_CHUNKS_ARGUMENT' });
    assert.ok(batch.equals(before));
    const openChunks = status.addon.openChunks?.bind(status.addon);
    assert.ok(openChunks !== undefined);
    assert.throws(() => openChunks(key, batch, 2, 10, 10, SEALED_CHUNK, leaves), { code: 'AIRLOCK_CHUNKS_ARGUMENT' }, 'the file ends before the batch does');
    assert.throws(() => openChunks(key, batch, 2, 0, 1, TAG_SIZE - 1, leaves), { code: 'AIRLOCK_CHUNKS_ARGUMENT' }, 'a last chunk shorter than its tag');
    assert.throws(() => openChunks(key, batch.subarray(0, 2 * SEALED_CHUNK - 1), 2, 0, 1, SEALED_CHUNK, leaves), { code: 'AIRLOCK_CHUNKS_ARGUMENT' });
    assert.ok(batch.equals(before));
  });
});

/** What @noble sealed, as read from the file (chunk i at SEALED_CHUNK·i): a copy to open in place. */
const readBack = (sealed: Buffer): Buffer => Buffer.from(sealed);
const flip = (bytes: Buffer, at: number): void => void bytes.writeUInt8((bytes.readUInt8(at) ^ 1) & 0xff, at);

/** The error openChunksInPlace threw, as problem and chunk. */
function failure(work: () => void): { problem: string; chunk: number | undefined } {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof ContainerError, String(error));
    return { problem: error.problem, chunk: error.detail.chunk };
  }
  assert.fail('opened');
}

describe('a version 2 batch opened in place: the plaintext, the leaves, and the first damaged chunk', () => {
  afterEach(() => delete process.env.AIRLOCK_NATIVE_AEAD);
  for (const side of ['native', 'node:crypto (AIRLOCK_NATIVE_AEAD=off)'] as const) {
    const use = () => {
      if (side !== 'native') process.env.AIRLOCK_NATIVE_AEAD = 'off';
    };
    for (const { length, first, endsLast } of cases) {
      it(`${side}: ${length} bytes from chunk ${first}: @noble's chunks open to the plaintext where the ciphertext was, with @noble's leaves`, () => {
        use();
        const count = Math.max(1, Math.ceil(length / CHUNK_SIZE));
        const key = randomBytes(32);
        const plaintext = randomBytes(length);
        const expected = noble(key, plaintext, count, first, endsLast);
        const batch = readBack(expected.sealed);
        const leaves = Buffer.alloc(32 * count);
        const lastIndex = endsLast ? first + count - 1 : first + count + 5;
        openChunksInPlace(key, batch, count, first, lastIndex, expected.sealed.length - (count - 1) * SEALED_CHUNK, leaves);
        assert.ok(leaves.equals(expected.leaves), 'leaves over the sealed bytes');
        for (let i = 0; i < count; i++) {
          const piece = batch.subarray(i * SEALED_CHUNK, i * SEALED_CHUNK + Math.min(CHUNK_SIZE, length - i * CHUNK_SIZE));
          assert.ok(piece.equals(plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)), `chunk ${i}`);
        }
      });
    }

    it(`${side}: a damaged chunk is chunkTampered with its number, a last chunk sealed with flag 0 is truncated, and the batch is wiped`, () => {
      use();
      const key = randomBytes(32);
      const plaintext = randomBytes(3 * CHUNK_SIZE + 100);
      const sealed = noble(key, plaintext, 4, 40, true).sealed;
      const damaged = readBack(sealed);
      flip(damaged, 2 * SEALED_CHUNK + 7);
      const lastLength = sealed.length - 3 * SEALED_CHUNK;
      assert.deepEqual(failure(() => openChunksInPlace(key, damaged, 4, 40, 43, lastLength, Buffer.alloc(128))), { problem: 'chunkTampered', chunk: 42 });
      assert.ok(damaged.equals(Buffer.alloc(damaged.length)), 'no plaintext of chunks 40 and 41 is left');
      // Cut after chunk 42: the file's last chunk (42) was sealed with flag 0.
      const cut = readBack(noble(key, plaintext.subarray(0, 3 * CHUNK_SIZE), 3, 40, false).sealed);
      assert.deepEqual(failure(() => openChunksInPlace(key, cut, 3, 40, 42, SEALED_CHUNK, Buffer.alloc(96))), { problem: 'truncated', chunk: 42 });
      assert.ok(cut.equals(Buffer.alloc(cut.length)));
      // A last chunk damaged is tampered, not truncated.
      const lastDamaged = readBack(sealed);
      flip(lastDamaged, sealed.length - 1);
      assert.deepEqual(failure(() => openChunksInPlace(key, lastDamaged, 4, 40, 43, lastLength, Buffer.alloc(128))), { problem: 'chunkTampered', chunk: 43 });
    });
  }
});
