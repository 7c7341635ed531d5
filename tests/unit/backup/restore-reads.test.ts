import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { RangeReader } from '../../../electron/core/backup/backup-target.js';
import { OPEN_PACKS, PackReadCache, packReads, READ_GAP, type NeededBlob } from '../../../electron/core/backup/restore-reads.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';

/** The real folder target, its ranged reads (alone or through an open pack) and its opens and closes recorded. */
class Counted extends FolderTarget {
  readonly ranges: string[] = [];
  readonly files: string[] = [];
  override getRange(name: string, offset: number, length: number): Promise<Buffer> {
    this.ranges.push(`${offset}+${length}`);
    return super.getRange(name, offset, length);
  }
  override async openRanges(name: string): Promise<RangeReader> {
    const reader = await super.openRanges(name);
    this.files.push(`open ${name.slice(0, 10)}`);
    return {
      read: (offset, length) => (this.ranges.push(`open ${offset}+${length}`), reader.read(offset, length)),
      close: () => (this.files.push(`close ${name.slice(0, 10)}`), reader.close()),
    };
  }
}

const PACK = 'ab'.repeat(32);
const blob = (id: string, offset: number, length: number, uses = 1): NeededBlob => ({ id, location: { pack: PACK, generation: 1, type: 'data', offset, length }, uses });

describe('restore reads: each pack run read once, memory bounded', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
  const setUp = async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'airlock-restore-reads-'));
    dirs.push(root);
    const target = new Counted(root);
    const bytes = randomBytes(4 * 1024 * 1024);
    await target.put(`data/ab/${PACK}`, bytes);
    return { target, bytes };
  };

  it('groups a pack’s blobs by offset into runs split where the gap exceeds READ_GAP', () => {
    const reads = packReads([blob('c', 3_000_000, 100), blob('a', 10, 990), blob('b', 2_000, 3_000), blob('d', 3_000_101 + READ_GAP, 5), { ...blob('e', 0, 7), location: { pack: 'cd'.repeat(32), generation: 1, type: 'data', offset: 0, length: 7 } }]);
    assert.deepEqual(
      reads.map((read) => `${read.pack.slice(0, 2)} ${read.offset}+${read.length} ${read.blobs.map((b) => b.id).join('')}`),
      ['ab 10+4990 ab', 'ab 3000000+100 c', `ab ${3_000_101 + READ_GAP}+5 d`, 'cd 0+7 e'],
    );
  });

  it('serves every use of a run from one read, drops it after its last use, reads a blob alone when its run was dropped', async () => {
    const { target, bytes } = await setUp();
    const needed = [blob('a', 10, 990, 2), blob('b', 2_000, 3_000), blob('c', 3_000_000, 100)];
    const cache = new PackReadCache(target, needed);
    const expect = (b: NeededBlob) => bytes.subarray(b.location.offset, b.location.offset + b.location.length);
    const [a, b, c] = needed as [NeededBlob, NeededBlob, NeededBlob];
    assert.deepEqual(await cache.sealed('a', a.location), expect(a));
    assert.deepEqual(await cache.sealed('b', b.location), expect(b));
    assert.deepEqual(await cache.sealed('a', a.location), expect(a));
    assert.deepEqual(await cache.sealed('c', c.location), expect(c));
    assert.deepEqual(target.ranges, ['10+4990', '3000000+100'], 'one read per run');
    // A blob not planned (or asked for more often than planned) is read alone.
    assert.deepEqual(await cache.sealed('a', a.location), expect(a));
    assert.deepEqual(target.ranges.at(-1), '10+990');

    // Room for one run only: the second run drops the first, whose unused blob is then read alone.
    target.ranges.length = 0;
    const small = new PackReadCache(target, needed, 4_990);
    assert.deepEqual(await small.sealed('a', a.location), expect(a));
    assert.deepEqual(await small.sealed('c', c.location), expect(c));
    assert.deepEqual(await small.sealed('b', b.location), expect(b));
    assert.deepEqual(await small.sealed('a', a.location), expect(a));
    assert.deepEqual(target.ranges, ['10+4990', '3000000+100', '2000+3000', '10+990']);

    // No room at all (a local target, where restore passes 0): every blob read alone, nothing kept,
    // through the pack opened once and closed after its last planned blob; a blob asked for once
    // more than planned opens it again, and it is closed after that read.
    target.ranges.length = 0;
    const none = new PackReadCache(target, needed, 0);
    for (const one of [a, b, a, c, a]) assert.deepEqual(await none.sealed(one.id, one.location), expect(one));
    assert.deepEqual(target.ranges, ['open 10+990', 'open 2000+3000', 'open 10+990', 'open 3000000+100', 'open 10+990']);
    await none.close(); // waits for the closes under way
    assert.deepEqual(target.files, ['open data/ab/ab', 'close data/ab/ab', 'open data/ab/ab', 'close data/ab/ab']);
    assert.equal(none.opened, 2);
  });

  it('keeps at most OPEN_PACKS packs open, the least recently used closed first, and closes the rest on close() (a failed or cancelled restore)', async () => {
    const { target, bytes } = await setUp();
    const packs = Array.from({ length: OPEN_PACKS + 2 }, (_, i) => i.toString(16).padStart(2, '0').repeat(32));
    for (const pack of packs.slice(1)) await target.put(`data/${pack.slice(0, 2)}/${pack}`, bytes.subarray(0, 4096));
    // Two planned blobs per pack: each pack stays open after its first.
    const needed = packs.flatMap((pack, i) => [0, 1].map((k): NeededBlob => ({ id: `${i}-${k}`, location: { pack, generation: 1, type: 'data', offset: k * 100, length: 100 }, uses: 1 })));
    const cache = new PackReadCache(target, needed, 0);
    // The first pack does not exist: its blobs fail as missing, and the failure closes nothing else.
    await assert.rejects(cache.sealed('0-0', (needed[0] as NeededBlob).location), (error) => (error as { code?: string }).code === 'missing');
    for (let i = 1; i < packs.length; i++) {
      const first = needed[2 * i] as NeededBlob;
      assert.deepEqual(await cache.sealed(first.id, first.location), bytes.subarray(0, 100));
    }
    const opens = target.files.filter((line) => line.startsWith('open')).length;
    const closes = target.files.filter((line) => line.startsWith('close')).length;
    assert.equal(opens, OPEN_PACKS + 1);
    assert.equal(closes, 1, 'one pack pushed out (the missing one had nothing to close)');
    assert.equal(target.files.find((line) => line.startsWith('close')), `close data/${packs[1]?.slice(0, 2)}/${packs[1]?.slice(0, 2)}`);
    await cache.close();
    assert.equal(target.files.filter((line) => line.startsWith('close')).length, OPEN_PACKS + 1, 'every open pack closed');
  });
});
