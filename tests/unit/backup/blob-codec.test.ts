import { decompress as zstdDecompress } from '@mongodb-js/zstd';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { blobAad, blobIdOf, blobPlaintext, openBlob, sealBlob, STORED } from '../../../electron/core/backup/blob-codec.js';
import { decodeTree, encodeTree, type TreeNode } from '../../../electron/core/backup/tree.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { generationKeys } from '../../../electron/core/backup/repository-keys.js';
import { InPlaceUnsealer, seal, unseal } from '../../../electron/core/backup/sealing.js';
import { nativeAead } from '../../../electron/core/crypto/native-aead.js';
import { VECTOR_TEXT } from '../../vectors/backup/blobs/inputs.js';
import { VECTOR_MASTER_KEY } from '../../vectors/backup/repository/inputs.js';

// openBlob's check of a sealed blob's padding (docs/backup-repository.md, "Blobs"): zeros only, at
// any length; one other byte anywhere in it is a malformed blob. The blobs are sealed here by hand
// (the key is known), as only a writer with the key could make them.
describe('blob padding', () => {
  const keys = generationKeys(1, randomBytes(32));
  const chunk = randomBytes(3000);
  const id = blobIdOf(keys, chunk);
  /** A stored blob (encoding 0, length, bytes) followed by `padding`. */
  const sealedWith = (padding: Buffer) => {
    const head = Buffer.alloc(5);
    head.writeUInt32LE(chunk.length, 1);
    return seal(keys.sealKey, blobAad('data', id), Buffer.concat([head, chunk, padding]));
  };

  it('zeros of any length open, also past 64 KiB', async () => {
    for (const length of [0, 1, 65_535, 65_536, 65_537, 200_000]) assert.deepEqual(await openBlob(keys, 'data', id, sealedWith(Buffer.alloc(length)), 'data/ab/x'), chunk);
  });

  it('one non-zero byte of padding, first, last or past 64 KiB, is malformed and names the object', async () => {
    for (const [length, at] of [[1, 0], [100, 99], [200_000, 0], [200_000, 65_536], [200_000, 199_999]] as const) {
      const padding = Buffer.alloc(length);
      padding[at] = 1;
      await assert.rejects(openBlob(keys, 'data', id, sealedWith(padding), 'data/ab/x'), (error) => error instanceof BackupFormatError && error.problem === 'malformed' && error.object === 'data/ab/x', `${length}@${at}`);
    }
  });
});

// The blob vectors (tests/vectors/backup/blobs, docs/backup-repository.md "Vectors" and
// "Compression"): each sealed under generation 1 of the vector master key, its id the HMAC of what
// a reader that skipped the format's checks would hand out, so only those checks refuse the negatives.
describe('blob vectors (tests/vectors/backup/blobs)', () => {
  const file = JSON.parse(readFileSync(new URL('../../vectors/backup/blobs/vectors.json', import.meta.url), 'utf8')) as {
    sealKey: string;
    vectors: { name: string; type: 'data' | 'tree'; id: string; sealed: string; expect: 'chunk' | 'malformed' | 'sealBroken'; chunkLength?: number }[];
  };
  const keys = generationKeys(1, VECTOR_MASTER_KEY);
  const vector = (name: string) => file.vectors.find((v) => v.name === name) ?? assert.fail(`no vector ${name}`);
  const open = (name: string) => openBlob(keys, vector(name).type, Buffer.from(vector(name).id, 'hex'), Buffer.from(vector(name).sealed, 'base64'), 'data/ve/ctor');
  /** The blob's payload as sealed (the vector's plaintext after the 5-byte head). */
  const payloadOf = (name: string) => {
    const plaintext = unseal(keys.sealKey, blobAad(vector(name).type, Buffer.from(vector(name).id, 'hex')), Buffer.from(vector(name).sealed, 'base64'), 'vector');
    return plaintext.subarray(5, 5 + plaintext.readUInt32LE(1));
  };

  it('the seal key is the repository vectors\' generation 1 seal key', () => assert.equal(keys.sealKey.toString('hex'), file.sealKey));

  it('positive: a zstd blob opens to its text; a frame of exactly 8 MiB (64 RLE blocks) opens', async () => {
    assert.deepEqual(await open('zstd-text'), VECTOR_TEXT);
    assert.equal((await open('zstd-blocks-exactly-8MiB')).length, vector('zstd-blocks-exactly-8MiB').chunkLength);
    assert.deepEqual(await open('stored-text'), VECTOR_TEXT);
    assert.deepEqual(await open('brotli-text'), VECTOR_TEXT);
    assert.deepEqual(file.vectors.filter((v) => v.expect === 'chunk').map((v) => v.name), ['zstd-text', 'zstd-blocks-exactly-8MiB', 'stored-text', 'brotli-text', 'brotli-exactly-8MiB', 'tree-brotli-exactly-64MiB']);
  });

  it('positive: brotli opens to exactly the largest chunk of its type: 8 MiB of data, a 64 MiB tree', async () => {
    assert.ok((await open('brotli-exactly-8MiB')).equals(Buffer.alloc(8 * 1024 * 1024)));
    assert.equal(vector('tree-brotli-exactly-64MiB').type, 'tree');
    const tree = await open('tree-brotli-exactly-64MiB');
    assert.equal(tree.length, 64 * 1024 * 1024);
    assert.deepEqual(decodeTree(tree, 'x'), []);
  });

  it('negative: a blob sealed as a tree and read as data is sealBroken', async () => {
    assert.deepEqual(file.vectors.filter((v) => v.expect === 'sealBroken').map((v) => v.name), ['sealed-as-tree']);
    await assert.rejects(open('sealed-as-tree'), (error) => error instanceof BackupFormatError && error.problem === 'sealBroken' && error.object === 'data/ve/ctor');
  });

  it('negative: each is malformed and names the object', async () => {
    const negatives = file.vectors.filter((v) => v.expect === 'malformed').map((v) => v.name);
    assert.deepEqual(negatives, ['zstd-corrupt-content', 'zstd-reserved-block-type', 'zstd-trailing-frame', 'zstd-trailing-byte', 'zstd-declares-9MiB', 'zstd-blocks-over-8MiB', 'unknown-encoding-3', 'padding-not-zero', 'length-past-plaintext', 'id-not-hmac', 'brotli-over-8MiB', 'tree-brotli-over-64MiB']);
    for (const name of negatives) await assert.rejects(open(name), (error) => error instanceof BackupFormatError && error.problem === 'malformed' && error.object === 'data/ve/ctor', name);
    await assert.rejects(open('unknown-encoding-3'), /unknown encoding 3/);
    await assert.rejects(open('zstd-declares-9MiB'), /more than 8 MiB/);
    await assert.rejects(open('zstd-blocks-over-8MiB'), /more than 8 MiB/);
    await assert.rejects(open('zstd-trailing-frame'), /bytes after the frame/);
    await assert.rejects(open('id-not-hmac'), /does not match its id/);
    await assert.rejects(open('brotli-over-8MiB'), /brotli stream decompresses to more than 8 MiB/);
    await assert.rejects(open('tree-brotli-over-64MiB'), /brotli stream decompresses to more than 64 MiB/);
  });

  it('the bound is by type: the 64 MiB tree\'s bytes sealed as data are malformed, the 8 MiB + 1 data chunk sealed as a tree opens', async () => {
    const asType = async (name: string, type: 'data' | 'tree') => {
      const id = Buffer.from(vector(name).id, 'hex');
      const plaintext = unseal(keys.sealKey, blobAad(vector(name).type, id), Buffer.from(vector(name).sealed, 'base64'), 'vector');
      return openBlob(keys, type, id, seal(keys.sealKey, blobAad(type, id), plaintext), 'data/ve/ctor');
    };
    await assert.rejects(asType('tree-brotli-exactly-64MiB', 'data'), (error) => error instanceof BackupFormatError && error.problem === 'malformed' && /more than 8 MiB/.test(error.message));
    assert.equal((await asType('brotli-over-8MiB', 'tree')).length, 8 * 1024 * 1024 + 1);
  });

  it('a stored chunk over its type\'s largest is malformed too (8 MiB + 1 as data; as a tree it opens)', async () => {
    const chunk = Buffer.alloc(8 * 1024 * 1024 + 1, 0x20);
    const id = blobIdOf(keys, chunk);
    await assert.rejects(openBlob(keys, 'data', id, seal(keys.sealKey, blobAad('data', id), blobPlaintext(STORED, chunk)), 'data/ve/ctor'), (error) => error instanceof BackupFormatError && error.problem === 'malformed' && /more than 8 MiB/.test(error.message));
    assert.equal((await openBlob(keys, 'tree', id, seal(keys.sealKey, blobAad('tree', id), blobPlaintext(STORED, chunk)), 'data/ve/ctor')).length, chunk.length);
  });

  it('the binding alone would hand out the oversized and the two-frame payloads: only the format\'s checks refuse them', async () => {
    assert.equal((await zstdDecompress(payloadOf('zstd-declares-9MiB'))).length, 9 * 1024 * 1024);
    assert.equal((await zstdDecompress(payloadOf('zstd-blocks-over-8MiB'))).length, 8 * 1024 * 1024 + 128 * 1024);
    assert.deepEqual(await zstdDecompress(payloadOf('zstd-trailing-frame')), Buffer.concat([VECTOR_TEXT, VECTOR_TEXT]));
    assert.equal(brotliDecompressSync(payloadOf('brotli-over-8MiB')).length, 8 * 1024 * 1024 + 1);
    const tree = brotliDecompressSync(payloadOf('tree-brotli-over-64MiB'));
    assert.equal(tree.length, 64 * 1024 * 1024 + 1);
    assert.deepEqual(decodeTree(tree, 'x'), [], 'a valid tree but for its size');
  });
});

// A restore's and a data check's blobs are opened where they were read (InPlaceUnsealer: the
// native addon's GCM writes the plaintext over the ciphertext). Every vector gives the same result
// as openBlob's own copy; a seal that does not authenticate leaves zeros where its plaintext went.
describe('blobs opened in place', () => {
  const file = JSON.parse(readFileSync(new URL('../../vectors/backup/blobs/vectors.json', import.meta.url), 'utf8')) as { vectors: { name: string; type: 'data' | 'tree'; id: string; sealed: string }[] };
  const keys = generationKeys(1, VECTOR_MASTER_KEY);
  const outcome = (opening: Promise<Buffer>) => opening.then((chunk) => `chunk ${createHash('sha256').update(chunk).digest('hex')}`, (error: unknown) => (error instanceof BackupFormatError ? `${error.problem} ${error.object} ${error.message}` : `other ${String(error)}`));

  it('the native addon is what opens them here (built by npm run setup)', () => assert.equal(nativeAead().available, true));

  for (const native of [true, false]) {
    it(`every blob vector opens, or fails, exactly as openBlob says (${native ? 'native addon' : 'AIRLOCK_NATIVE_AEAD=off: node:crypto'})`, async () => {
      const before = process.env.AIRLOCK_NATIVE_AEAD;
      if (!native) process.env.AIRLOCK_NATIVE_AEAD = 'off';
      const unsealer = new InPlaceUnsealer(keys.sealKey);
      if (before === undefined) delete process.env.AIRLOCK_NATIVE_AEAD;
      else process.env.AIRLOCK_NATIVE_AEAD = before;
      try {
        for (const v of file.vectors) {
          const id = Buffer.from(v.id, 'hex');
          const expected = await outcome(openBlob(keys, v.type, id, Buffer.from(v.sealed, 'base64'), 'data/ve/ctor'));
          assert.equal(await outcome(openBlob(keys, v.type, id, Buffer.from(v.sealed, 'base64'), 'data/ve/ctor', unsealer)), expected, v.name);
        }
      } finally {
        unsealer.destroy();
      }
    });
  }

  it('a stored chunk comes back as a view of the sealed bytes; a damaged seal is sealBroken and leaves zeros, not plaintext', async () => {
    const chunk = randomBytes(100_000);
    const id = blobIdOf(keys, chunk);
    const sealed = seal(keys.sealKey, blobAad('data', id), blobPlaintext(STORED, chunk));
    const unsealer = new InPlaceUnsealer(keys.sealKey);
    try {
      const damaged = Buffer.from(sealed);
      const opened = await openBlob(keys, 'data', id, sealed, 'data/ab/x', unsealer);
      assert.ok(opened.equals(chunk));
      assert.ok(opened.buffer === sealed.buffer, 'no copy: a view of the sealed bytes');
      damaged[damaged.length - 1] = (damaged.at(-1) ?? 0) ^ 1; // the tag
      await assert.rejects(openBlob(keys, 'data', id, damaged, 'data/ab/x', unsealer), (error) => error instanceof BackupFormatError && error.problem === 'sealBroken' && error.object === 'data/ab/x');
      assert.ok(damaged.subarray(12, damaged.length - 16).equals(Buffer.alloc(damaged.length - 28)), 'the ciphertext is zeros');
    } finally {
      unsealer.destroy();
    }
  });
});

describe('blob writer', () => {
  const keys = generationKeys(1, randomBytes(32));

  it('writes compressible chunks as one zstd frame (encoding 2), random ones stored, and both open', async () => {
    for (const [chunk, encoding] of [[VECTOR_TEXT, 2], [randomBytes(200_000), 0], [Buffer.alloc(8 * 1024 * 1024, 7), 2]] as const) {
      const id = blobIdOf(keys, chunk);
      const sealed = await sealBlob(keys, 'data', id, chunk);
      const plaintext = unseal(keys.sealKey, blobAad('data', id), sealed, 'x');
      assert.equal(plaintext[0], encoding);
      assert.deepEqual(await openBlob(keys, 'data', id, sealed, 'x'), chunk);
    }
  });

  it('a tree larger than 8 MiB is brotli (a zstd frame of it would be refused) and opens', async () => {
    const chunk = Buffer.from(JSON.stringify(Array.from({ length: 400_000 }, (_, i) => ({ name: `tệp ${i}`, size: i }))));
    assert.ok(chunk.length > 8 * 1024 * 1024);
    const id = blobIdOf(keys, chunk);
    const sealed = await sealBlob(keys, 'tree', id, chunk);
    assert.equal(unseal(keys.sealKey, blobAad('tree', id), sealed, 'x')[0], 1);
    assert.deepEqual(await openBlob(keys, 'tree', id, sealed, 'x'), chunk);
  });

  it('refuses to seal what a reader would refuse: a data chunk over 8 MiB, a tree over 64 MiB', async () => {
    const data = Buffer.alloc(8 * 1024 * 1024 + 1);
    await assert.rejects(sealBlob(keys, 'data', blobIdOf(keys, data), data), /8388609 bytes, over the largest data blob \(8388608\)/);
    const tree = Buffer.alloc(64 * 1024 * 1024 + 1, 0x20);
    await assert.rejects(sealBlob(keys, 'tree', blobIdOf(keys, tree), tree), /over the largest tree blob \(67108864\)/);
  });

  it('a directory whose tree would be over 64 MiB is refused by name (backup.folderTooLarge), not written', () => {
    // Files of 1000 chunks each (about 1 GiB at the chunker's 1 MiB average): 67 bytes of JSON per chunk id.
    const content = Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(64, '0'));
    const files = (count: number) => Array.from({ length: count }, (_, i): TreeNode => ({ name: `tài liệu ${i}`, type: 'file', mode: 0o644, mtimeNs: '1', size: 1000 * 1024 * 1024, content }));
    assert.ok(encodeTree(files(990)).length <= 64 * 1024 * 1024);
    const tooMany = files(1010);
    assert.throws(() => encodeTree(tooMany), (error) => error instanceof DomainError && error.code === 'backup.folderTooLarge');
  });

  it('keys wiped while the chunk is compressed fail the seal instead of sealing under zeros', async () => {
    const wiped = generationKeys(1, randomBytes(32));
    const sealing = sealBlob(wiped, 'data', Buffer.alloc(32), VECTOR_TEXT);
    wiped.sealKey.fill(0);
    await assert.rejects(sealing, /wiped/);
  });
});
