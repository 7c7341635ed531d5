import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, it } from 'node:test';
import { deriveChunkerKeys, type ChunkerKeys } from '../../../electron/core/backup/chunker-keys.js';
import { CHUNKER_PARAMETERS, KeyedChunker, keyedChunks, type Chunk, type ChunkerParameters, type CutFinderChoice } from '../../../electron/core/backup/keyed-chunker.js';
import { nativeCutFinder } from '../../../electron/core/backup/native-cut-finder.js';

// Small parameters, so the split tests see many cuts in little data; the vectors pin the format's own.
const SMALL: ChunkerParameters = { minSize: 256, maxSize: 4096, cutBits: 9 };
const keys = deriveChunkerKeys(Buffer.alloc(32, 0x5a));

// Every test below runs against both cut finders (native/field-aead's and the JavaScript loop).
let cutFinder: CutFinderChoice = 'native';
async function chunksOf(pieces: Iterable<Buffer>, parameters = SMALL, withKeys: ChunkerKeys = keys): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const chunk of keyedChunks(Readable.from(pieces, { objectMode: true }), withKeys, parameters, { cutFinder })) out.push({ ...chunk, bytes: Buffer.from(chunk.bytes) });
  return out;
}
const summary = (chunks: readonly Chunk[]) => chunks.map((c) => `${c.offset}+${c.length}:${c.id.toString('hex')}`);

function* randomSplit(data: Buffer, seed: number, largest: number): Generator<Buffer> {
  let state = seed;
  for (let offset = 0; offset < data.length; ) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const size = 1 + (state % largest);
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

/** The algorithm as docs/backup-repository.md words it, position by position, with no batching or streaming. */
function referenceCuts(data: Buffer, k: ChunkerKeys, p: ChunkerParameters): number[] {
  const prf = (a: number, c: number) => {
    const block = Buffer.alloc(16);
    block.writeUInt32LE(a, 0);
    block.writeUInt32LE(c, 4);
    const out = createCipheriv('aes-128-ecb', k.cutKey, null).setAutoPadding(false).update(block);
    return out.readUInt32BE(0) >>> (32 - p.cutBits) === 0;
  };
  const cuts: number[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + p.maxSize, data.length);
    for (let length = p.minSize; start + length <= end && length < p.maxSize; length++) {
      let a = 0;
      let c = 0;
      for (let j = start + length - 32; j < start + length; j++) {
        a = (a * 2 + (k.gearA[data[j] as number] as number)) % 2 ** 32;
        c = (c * 2 + (k.gearC[data[j] as number] as number)) % 2 ** 32;
      }
      if (prf(a, c)) {
        end = start + length;
        break;
      }
    }
    cuts.push(end);
    start = end;
  }
  return cuts;
}

describe('keyed chunker: the cut finder', () => {
  it('is native/field-aead’s where the addon is built (npm install builds it), JavaScript with AIRLOCK_NATIVE_AEAD=off', () => {
    assert.ok(nativeCutFinder(), 'the addon is built and has the cut finder');
    assert.equal(new KeyedChunker(keys).cutFinder, 'native');
    process.env.AIRLOCK_NATIVE_AEAD = 'off';
    try {
      assert.equal(new KeyedChunker(keys).cutFinder, 'javascript');
      assert.throws(() => new KeyedChunker(keys, SMALL, { cutFinder: 'native' }), /native cut finder is not available/);
    } finally {
      delete process.env.AIRLOCK_NATIVE_AEAD;
    }
  });

  it('finish() frees the native copy of the keys: the spent context refuses to cut, in the addon itself', () => {
    const addon = nativeCutFinder();
    assert.ok(addon);
    const context = addon.cutCreate(keys.cutKey, keys.gearA, keys.gearC);
    const state = new Uint32Array(2);
    assert.equal(typeof addon.cutFind(context, randomBytes(100), 0, 100, 9, state), 'number');
    addon.cutDestroy(context);
    assert.throws(() => addon.cutFind(context, randomBytes(100), 0, 100, 9, state), /cut key destroyed/);
    assert.throws(() => addon.cutFind(context, randomBytes(10), 5, 6, 9, state), /cut key destroyed|range inside it/);
    const chunker = new KeyedChunker(keys, SMALL, { cutFinder: 'native' });
    chunker.push(randomBytes(1000));
    chunker.finish();
    assert.throws(() => chunker.push(randomBytes(5000)), /cut key destroyed/);
  });

  it('the addon refuses a range outside the piece and wrong tables, rather than read past them', () => {
    const addon = nativeCutFinder();
    assert.ok(addon);
    assert.throws(() => addon.cutCreate(keys.cutKey, new Uint32Array(255), keys.gearC), /Gear tables/);
    assert.throws(() => addon.cutCreate(Buffer.alloc(15), keys.gearA, keys.gearC), /16-byte key/);
    const context = addon.cutCreate(keys.cutKey, keys.gearA, keys.gearC);
    assert.throws(() => addon.cutFind(context, randomBytes(10), 5, 6, 9, new Uint32Array(2)), /range inside it/);
    assert.throws(() => addon.cutFind(context, randomBytes(10), 0, 10, 33, new Uint32Array(2)), /1-32 cut bits/);
    assert.throws(() => addon.cutFind(context, randomBytes(10), 0, 10, 9, new Uint32Array(3)), /Uint32Array\(2\) state/);
    addon.cutDestroy(context);
  });
});

for (const finder of ['native', 'javascript'] as const) describe(`keyed chunker (${finder} cut finder): cuts decided by a keyed PRF, the same whatever the input split`, () => {
  beforeEach(() => (cutFinder = finder));
  it('matches the spec’s position-by-position wording', async () => {
    const data = randomBytes(40_000);
    const chunks = await chunksOf([data]);
    assert.ok(chunks.length > 20);
    assert.deepEqual(chunks.map((c) => c.offset + c.length), referenceCuts(data, keys, SMALL));
    // A cut at every other position: chunks of exactly the minimum are common, so the first
    // position decided is pinned too (deciding from MIN + 1 passed the check above).
    const dense: ChunkerParameters = { minSize: 64, maxSize: 1024, cutBits: 2 };
    const denseCuts = (await chunksOf([data], dense)).map((c) => c.offset + c.length);
    assert.deepEqual(denseCuts, referenceCuts(data, keys, dense));
    assert.ok(denseCuts.filter((cut, i) => cut - (denseCuts[i - 1] ?? 0) === dense.minSize).length > 50);
  });

  it('a run of one repeated byte: every chunk exactly the minimum or exactly the maximum, as the key decides that window', async () => {
    const zeros = Buffer.alloc(20_000);
    const parameters: ChunkerParameters = { minSize: 256, maxSize: 4096, cutBits: 1 };
    const lengths = new Set<number>();
    for (let seed = 0; seed < 8; seed++) {
      const k = deriveChunkerKeys(Buffer.alloc(32, seed));
      const expected = referenceCuts(zeros, k, parameters)[0];
      const chunks = await chunksOf(randomSplit(zeros, seed + 1, 700), parameters, k);
      assert.equal(chunks[0]?.length, expected);
      assert.ok(chunks.slice(0, -1).every((c) => c.length === expected));
      lengths.add(expected ?? 0);
    }
    assert.deepEqual([...lengths].sort((x, y) => x - y), [256, 4096], 'both outcomes seen over 8 keys');
  });

  it('random splits and 1-byte splits give the same chunks as one piece', async () => {
    const data = randomBytes(60_000);
    const whole = summary(await chunksOf([data]));
    for (const seed of [1, 2, 3, 4, 5]) assert.deepEqual(summary(await chunksOf(randomSplit(data, seed, 5000))), whole, `split seed ${seed}`);
    assert.deepEqual(summary(await chunksOf(randomSplit(data, 9, 3))), whole);
    const small = data.subarray(0, 12_000);
    const ones = [...small].map((byte) => Buffer.of(byte));
    assert.deepEqual(summary(await chunksOf(ones)), summary(await chunksOf([small])));
  });

  it('splits of the format’s own sizes too (a file stream of 64 KiB pieces vs. one buffer)', async () => {
    const data = randomBytes(6 * 1024 * 1024);
    const whole = summary(await chunksOf([data], CHUNKER_PARAMETERS));
    assert.ok(whole.length >= 3);
    assert.deepEqual(summary(await chunksOf(randomSplit(data, 7, 200_000), CHUNKER_PARAMETERS)), whole);
  });

  it('a file read through fs.createReadStream in odd-sized pieces gives the chunks of the whole buffer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'airlock-chunker-'));
    try {
      const data = randomBytes(50_000);
      const file = path.join(dir, 'data.bin');
      writeFileSync(file, data);
      const fromFile: Chunk[] = [];
      for await (const chunk of keyedChunks(createReadStream(file, { highWaterMark: 777 }), keys, SMALL)) fromFile.push(chunk);
      assert.deepEqual(summary(fromFile), summary(await chunksOf([data])));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('chunks cover the input exactly, within min and max, with HMAC-SHA-256 ids', async () => {
    const data = Buffer.concat([randomBytes(30_000), Buffer.alloc(20_000), randomBytes(10_000)]);
    const chunks = await chunksOf(randomSplit(data, 11, 7000));
    assert.deepEqual(Buffer.concat(chunks.map((c) => c.bytes)), data);
    chunks.forEach((c, i) => {
      assert.ok(c.length <= SMALL.maxSize);
      if (i < chunks.length - 1) assert.ok(c.length >= SMALL.minSize);
      assert.deepEqual(c.id, createHmac('sha256', keys.blobIdKey).update(c.bytes).digest());
    });
    assert.ok(chunks.some((c) => c.length === SMALL.maxSize), 'the zeros run is cut at the maximum');
  });

  it('a one-byte edit changes only the chunks around it', async () => {
    const data = randomBytes(80_000);
    const before = await chunksOf([data]);
    for (const edit of ['overwrite', 'insert', 'delete'] as const) {
      const at = 40_000;
      const edited =
        edit === 'overwrite' ? Buffer.concat([data.subarray(0, at), Buffer.of((data[at] as number) ^ 0xff), data.subarray(at + 1)])
        : edit === 'insert' ? Buffer.concat([data.subarray(0, at), Buffer.of(7), data.subarray(at)])
        : Buffer.concat([data.subarray(0, at), data.subarray(at + 1)]);
      const after = await chunksOf([edited]);
      const old = new Set(before.map((c) => c.id.toString('hex')));
      const changed = after.filter((c) => !old.has(c.id.toString('hex')));
      assert.ok(changed.length >= 1 && changed.length <= 3, `${edit}: ${changed.length} new chunks of ${after.length}`);
      for (const c of changed) assert.ok(c.offset + c.length > at - SMALL.maxSize && c.offset < at + SMALL.maxSize, `${edit}: a changed chunk far from the edit`);
    }
  });

  it('different keys cut the same data at different places', async () => {
    const data = randomBytes(60_000);
    const cuts = (chunks: Chunk[]) => new Set(chunks.slice(0, -1).map((c) => c.offset + c.length));
    const mine = cuts(await chunksOf([data]));
    const theirs = cuts(await chunksOf([data], SMALL, deriveChunkerKeys(Buffer.alloc(32, 0xa5))));
    const shared = [...mine].filter((cut) => theirs.has(cut)).length;
    assert.ok(shared < mine.size / 4, `${shared} of ${mine.size} cuts in common`);
  });

  it('empty input: no chunk; tiny and sub-minimum inputs: one chunk', async () => {
    assert.deepEqual(await chunksOf([]), []);
    assert.deepEqual(await chunksOf([Buffer.alloc(0), Buffer.alloc(0)]), []);
    for (const size of [1, 255, 256]) {
      const data = randomBytes(size);
      const chunks = await chunksOf([data]);
      assert.equal(chunks.length, 1);
      assert.deepEqual(chunks[0]?.bytes, data);
    }
    const file = randomBytes(300_000);
    assert.equal((await chunksOf([file], CHUNKER_PARAMETERS)).length, 1, 'a file below 512 KiB is one blob');
  });

  it('refuses text pieces, a master key of the wrong size and parameters out of range', async () => {
    await assert.rejects(async () => {
      for await (const chunk of keyedChunks(Readable.from(['text']), keys)) void chunk;
    }, TypeError);
    assert.throws(() => deriveChunkerKeys(Buffer.alloc(16)), RangeError);
    assert.throws(() => new KeyedChunker(keys, { minSize: 16, maxSize: 4096, cutBits: 9 }), RangeError);
    assert.throws(() => new KeyedChunker(keys, { minSize: 512, maxSize: 256, cutBits: 9 }), RangeError);
  });

  it('derived keys are separate and depend on the master key', () => {
    const other = deriveChunkerKeys(Buffer.alloc(32, 0x5b));
    assert.notDeepEqual(other.cutKey, keys.cutKey);
    assert.notDeepEqual(other.gearA, keys.gearA);
    assert.notDeepEqual(keys.cutKey, keys.blobIdKey.subarray(0, 16));
    assert.equal(createHash('sha256').update(keys.gearA).digest('hex') === createHash('sha256').update(keys.gearC).digest('hex'), false);
  });
});
