import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { blobIdOf } from '../../../electron/core/backup/blob-codec.js';
import { BlobWorkers } from '../../../electron/core/backup/blob-workers.js';
import { chainCount, spliceChains, splitFileChunks, SPLIT_FROM, type ChainChunk } from '../../../electron/core/backup/file-split-chunks.js';
import { keyedChunks } from '../../../electron/core/backup/keyed-chunker.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import { destroyGeneration, generationKeys } from '../../../electron/core/backup/repository-keys.js';
import { initRepository, openRepository } from '../../../electron/core/backup/repository.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { describeTree } from '../../support/backup-tree.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { recipientFromPem } from '../../support/software-recipient.js';
import { softwareEcSigner } from '../../support/software-signer.js';

// One file chunked on several worker threads at once (file-split-chunks.ts) must give exactly the
// chunks and blob ids of the keyed chunker reading it in order on one thread: real files (random,
// zeros whose chains meet and whose chains never meet, a repeated block, a long repeated text, sizes around the split
// threshold), real worker threads; and a backup that splits stores nothing new over one that did not.
const pki = new URL('../../vectors/container/pki/', import.meta.url).pathname;
const der = (name: string) => new Uint8Array(pemToDer(readFileSync(path.join(pki, `${name}.pem`), 'utf8')));
const holder = (name: string) => recipientFromPem(der(name), readFileSync(path.join(pki, `${name}.key`), 'utf8'));
const signer = softwareEcSigner(path.join(pki, 'signer.key'), path.join(pki, 'signer.pem'));
const MIB = 1024 * 1024;
const pseudoRandom = (length: number, seed = 0x17) => createCipheriv('aes-256-ctr', Buffer.alloc(32, seed), Buffer.alloc(16)).update(Buffer.alloc(length));

const chunk = (offset: number, length: number, name: string): ChainChunk => ({ offset, length, id: Buffer.from(name) });
const cuts = (...chunks: ChainChunk[]) => new Map(chunks.map((c) => [c.offset, c]));

describe('a file chunked on several threads at once', () => {
  let dir: string;
  const keys = generationKeys(1, Buffer.alloc(32, 0x4b));
  const at = (name: string) => path.join(dir, name);
  let workers: BlobWorkers;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-split-'));
    workers = BlobWorkers.start([keys], 2, { chunking: true });
  });
  after(async () => {
    await workers.close();
    destroyGeneration(keys);
    await rm(dir, { recursive: true, force: true });
  });

  const onThisThread = async (file: string) => {
    const chunks: string[] = [];
    for await (const c of keyedChunks(createReadStream(file, { highWaterMark: MIB }), keys.chunker)) chunks.push(`${c.offset}+${c.length} ${c.id.toString('hex')}`);
    return chunks;
  };
  /** The file's chunks from the chains, and the chunks handed out to store (each checked against its id). */
  const onChains = async (file: string, size: number, count: number) => {
    const pieces = splitFileChunks(workers, keys.generation, Buffer.from(file), size, count);
    const stored = new Set<string>();
    for (let step = await pieces.next(); ; step = await pieces.next()) {
      if (step.done === true) return { chunks: step.value.map((c) => `${c.offset}+${c.length} ${c.id.toString('hex')}`), stored };
      assert.equal(step.value.id.toString('hex'), blobIdOf(keys, step.value.bytes).toString('hex'));
      stored.add(`${step.value.offset}+${step.value.bytes.length} ${step.value.id.toString('hex')}`);
    }
  };
  const same = async (name: string, bytes: Buffer, counts: readonly number[]) => {
    await writeFile(at(name), bytes);
    const expected = await onThisThread(at(name));
    for (const count of counts) {
      const { chunks, stored } = await onChains(at(name), bytes.length, count);
      assert.deepEqual(chunks, expected, `${name}, ${count} chains`);
      // Every chunk of the file was handed out to be stored.
      for (const c of chunks) assert.ok(stored.has(c), `${name}: ${c} stored`);
    }
    return expected;
  };

  it('random content: the same chunks and ids as one thread, with 2 and 3 chains', async () => {
    const expected = await same('random.bin', pseudoRandom(70 * MIB + 4321), [2, 3]);
    assert.ok(expected.length > 40, `many chunks: ${expected.length}`);
  });

  it('zeros: chains that meet (the split falls on an 8 MiB cut) and chains that never meet (chain 0 runs to the end) give the one-thread chunks', async () => {
    const meet = await same('zeros-meet.bin', Buffer.alloc(64 * MIB), [2]);
    // No window of zeros is a cut under this key: every chunk is the 8 MiB maximum.
    assert.ok(meet.every((c) => c.includes('+8388608 ')), 'zeros cut at the maximum');
    await same('zeros-apart.bin', Buffer.alloc(64 * MIB + 2 * 12345), [2, 3]);
  });

  it('a repeated block (cuts at the same place in every copy) and files just around the split size', async () => {
    const block = pseudoRandom(700 * 1024 + 77, 0x29);
    await same('repeated.bin', Buffer.concat(Array.from({ length: 100 }, () => block)), [2]);
    // 33 MiB of an 11-byte text repeated, no cut in it: the chains cut it at the maximum from different
    // phases and meet only in the random bytes after it (what chain 1 cut before is stored, unused).
    await same('repeated-text.bin', Buffer.concat([pseudoRandom(40 * MIB, 0x41), Buffer.from('công văn '.repeat(3 * MIB)), pseudoRandom(5 * MIB, 0x43)]), [2]);
    await same('just-above.bin', pseudoRandom(SPLIT_FROM + 1, 0x31), [2]);
    await same('small.bin', pseudoRandom(3 * MIB + 5, 0x33), [2, 3]);
    await same('empty.bin', Buffer.alloc(0), [2]);
  });

  it('splits a file of 64 MiB or more, one chain per 32 MiB at most one per thread', () => {
    assert.equal(chainCount(SPLIT_FROM - 1, 2), 1);
    assert.equal(chainCount(SPLIT_FROM, 2), 2);
    assert.equal(chainCount(SPLIT_FROM, 1), 1);
    assert.equal(chainCount(5 * SPLIT_FROM, 4), 4);
    assert.equal(chainCount(3 * (SPLIT_FROM / 2), 8), 3);
  });

  it('splices at the first offset both chains cut, takes the later chain there; chains that do not join up give undefined', () => {
    const a = cuts(chunk(0, 10, 'a0'), chunk(10, 10, 'a1'), chunk(20, 12, 'a2'), chunk(32, 8, 'a3'));
    const b = cuts(chunk(25, 7, 'b0'), chunk(32, 8, 'b1'), chunk(40, 5, 'b2'));
    assert.deepEqual(spliceChains([{ chunks: a, end: undefined }, { chunks: b, end: 45 }])?.map((c) => c.id.toString()), ['a0', 'a1', 'a2', 'b1', 'b2']);
    // Never met: chain 0 to its end.
    const far = cuts(chunk(26, 7, 'c0'), chunk(33, 12, 'c1'));
    assert.deepEqual(spliceChains([{ chunks: cuts(...a.values(), chunk(40, 5, 'a4')), end: 45 }, { chunks: far, end: 45 }])?.map((c) => c.id.toString()), ['a0', 'a1', 'a2', 'a3', 'a4']);
    // A gap (the file changed between the reads): no file.
    assert.equal(spliceChains([{ chunks: cuts(chunk(0, 10, 'a0')), end: undefined }, { chunks: b, end: 45 }]), undefined);
    assert.deepEqual(spliceChains([{ chunks: new Map(), end: 0 }]), []);
  });

  it('a backup that splits a large file stores nothing a one-thread backup of it did not, and restores it exactly', async () => {
    const target = new FolderTarget(at('repo'));
    await initRepository(target, [{ certificateDer: der('recipient-rsa'), role: 'user' }, { certificateDer: der('recipient-ec'), role: 'recovery' }], () => undefined);
    const repository = await openRepository(target, holder('recipient-rsa'));
    try {
      const tree = at('tree');
      await mkdir(tree);
      // Random, then numbered text lines (compressible; content cuts as in a document), then random.
      const lines = Array.from({ length: 600_000 }, (_, i) => `công văn số ${i} về việc triển khai kế hoạch\n`).join('');
      await writeFile(path.join(tree, 'cơ sở dữ liệu.sqlite'), Buffer.concat([pseudoRandom(40 * MIB, 0x41), Buffer.from(lines), pseudoRandom(5 * MIB, 0x43)]));
      const one = await backupFolder(repository, tree, signer, { workers: 0 });
      const split = await backupFolder(repository, tree, signer, { workers: 2, parent: false });
      assert.equal(split.stats.newDataBlobs, 0, 'every chunk of the split read was already stored');
      assert.equal(split.stats.bytes, one.stats.bytes);
      await restoreSnapshot(repository, split.snapshot, at('restored'));
      assert.deepEqual(await describeTree(at('restored')), await describeTree(tree));
      assert.deepEqual((await checkRepository(repository, { readData: 'all' })).problems, []);
    } finally {
      repository.close();
    }
  });
});
