import { lstat, open, readdir, readlink, type FileHandle } from 'node:fs/promises';
import { DomainError } from '../domain-error.js';
import { BackupFormatError } from './backup-format-error.js';
import { PhaseProgress, ScanProgress, throwIfCancelled, type ProgressOptions } from './backup-progress.js';
import { packName } from './pack.js';
import { addPack, type BlobLocation, type Repository } from './repository.js';
import { decodeTree, nameOf, type TreeNode } from './tree.js';

export type DrillDifferenceKind = 'missing' | 'extra' | 'type' | 'size' | 'content' | 'mode' | 'mtime' | 'target';

export interface DrillDifference {
  /** The entry's path inside the snapshot, `/`-separated (names that are not UTF-8 shown with U+FFFD). */
  readonly path: string;
  readonly kind: DrillDifferenceKind;
  readonly expected?: string;
  readonly found?: string;
}

export interface DrillReport {
  readonly snapshot: string;
  readonly files: number;
  readonly directories: number;
  readonly symlinks: number;
  readonly bytes: number;
  readonly differences: readonly DrillDifference[];
}

interface Expected {
  readonly path: Buffer;
  readonly node: TreeNode;
}

type ReadData = (id: string) => Promise<Buffer>;

const join = (a: Buffer, b: Buffer): Buffer => (a.length === 0 ? b : Buffer.concat([a, Buffer.from('/'), b]));
const micros = (ns: bigint | string): string => (BigInt(ns) / 1000n).toString();
// Blobs of one file being read and opened while the earlier one is compared (as restore's read-ahead).
const BLOBS_AHEAD = 3;

/**
 * The restore drill (docs/backup-repository.md, "Restore drill"): proves a snapshot restores and
 * matches the live folder `source` it was made from, without writing anything. Every file's blobs
 * are read from the repository and opened (AES-GCM, id = keyed digest of the chunk) and compared
 * byte for byte, in memory, with the same range of the live file; names, types, sizes, modes, times
 * to the microsecond and link targets are compared with the live entries. Plaintext exists only in
 * memory, one file's few blobs at a time, and is overwritten once compared. Shared lock.
 * Progress: `scanning` while the snapshot's trees are walked (the totals growing), then `compare`
 * (files, and bytes blob by blob, so a large file moves the bar too); a cancel stops at the next blob.
 */
export async function restoreDrill(repository: Repository, snapshotId: string, source: string, hooks: ProgressOptions = {}): Promise<DrillReport> {
  try {
    if (!(await lstat(source)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    throw new DomainError('backup.drillSourceMissing', undefined, { cause: error });
  }
  const release = await repository.lock(false);
  try {
    const { expected, readData } = await preScan(repository, snapshotId, hooks);
    const files = expected.filter(({ node }) => node.type === 'file');
    const totalBytes = files.reduce((sum, { node }) => sum + (node.type === 'file' ? node.size : 0), 0);
    const differences = await compare(Buffer.from(source), expected, readData, new PhaseProgress(hooks, 'compare', files.length, totalBytes));
    return {
      snapshot: snapshotId,
      files: files.length,
      directories: expected.filter(({ node }) => node.type === 'dir').length,
      symlinks: expected.filter(({ node }) => node.type === 'symlink').length,
      bytes: totalBytes,
      differences,
    };
  } finally {
    await release();
  }
}

/** Every entry of the snapshot, parents before children, and a reader of its data blobs. */
async function preScan(repository: Repository, snapshotId: string, hooks: ProgressOptions): Promise<{ expected: Expected[]; readData: ReadData }> {
  const snapshot = await repository.snapshot(snapshotId);
  const { blobs, indexedPacks } = await repository.loadIndex();
  // Packs an interrupted backup left unindexed still hold blobs, as for a restore.
  for (const pack of await repository.unindexedPacks(indexedPacks)) addPack(blobs, indexedPacks, pack);
  const locate = (id: string, object: string): BlobLocation => {
    const location = blobs.get(id);
    if (location === undefined) throw new BackupFormatError('blobMissing', object, id);
    return location;
  };
  const expected: Expected[] = [];
  const totals = { files: 0, bytes: 0 };
  const scan = new ScanProgress(hooks.onProgress);
  const walk = async (treeId: string, at: Buffer): Promise<void> => {
    throwIfCancelled(hooks.signal);
    for (const node of decodeTree(await repository.readBlob(treeId, locate(treeId, `snapshots/${snapshotId}`)), `tree ${treeId}`)) {
      const entry = join(at, nameOf(node, `tree ${treeId}`));
      expected.push({ path: entry, node });
      if (node.type === 'file') {
        totals.files++;
        totals.bytes += node.size;
      }
      if (node.type === 'dir') await walk(node.subtree, entry);
    }
    scan.report(totals);
  };
  await walk(snapshot.tree, Buffer.alloc(0));
  scan.report(totals, true);
  const readData: ReadData = async (id) => {
    const location = locate(id, `snapshots/${snapshotId}`);
    if (location.type !== 'data') throw new BackupFormatError('malformed', packName(location.pack), `blob ${id} is not data`);
    return repository.readBlob(id, location);
  };
  return { expected, readData };
}

async function compare(root: Buffer, expected: readonly Expected[], readData: ReadData, progress: PhaseProgress): Promise<DrillDifference[]> {
  const differences: DrillDifference[] = [];
  const differ = (at: Buffer, kind: DrillDifferenceKind, want?: string, got?: string) =>
    differences.push({ path: at.toString('utf8'), kind, ...(want === undefined ? {} : { expected: want }), ...(got === undefined ? {} : { found: got }) });
  const wanted = new Set(expected.map(({ path: at }) => at.toString('hex')));
  // Live entries the snapshot does not hold; sockets, FIFOs and devices are never backed up, so never extra.
  const walkExtra = async (at: Buffer): Promise<void> => {
    for (const name of await readdir(join(root, at), { encoding: 'buffer' })) {
      const entry = join(at, name);
      const info = await lstat(join(root, entry));
      if (!(info.isDirectory() || info.isFile() || info.isSymbolicLink())) continue;
      if (!wanted.has(entry.toString('hex'))) differ(entry, 'extra');
      else if (info.isDirectory()) await walkExtra(entry);
    }
  };
  await walkExtra(Buffer.alloc(0));
  for (const { path: at, node } of expected) {
    const full = join(root, at);
    const info = await lstat(full, { bigint: true }).catch(() => undefined);
    const type = info === undefined ? undefined : info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'symlink' : info.isFile() ? 'file' : 'other';
    if (info === undefined || type !== node.type) {
      if (info === undefined) differ(at, 'missing');
      else differ(at, 'type', node.type, type);
      if (node.type === 'file') {
        await checkContent(undefined, node, readData, (bytes) => progress.advance(bytes));
        progress.step();
      }
      continue;
    }
    if (node.type !== 'symlink' && Number(info.mode & 0o7777n) !== node.mode) differ(at, 'mode', node.mode.toString(8), Number(info.mode & 0o7777n).toString(8));
    if (micros(info.mtimeNs) !== micros(node.mtimeNs)) differ(at, 'mtime', micros(node.mtimeNs), micros(info.mtimeNs));
    if (node.type === 'symlink') {
      const target = (await readlink(full, { encoding: 'buffer' })).toString('utf8');
      if (target !== node.target) differ(at, 'target', node.target, target);
    }
    if (node.type === 'file') {
      const sameSize = Number(info.size) === node.size;
      if (!sameSize) differ(at, 'size', String(node.size), String(info.size));
      if (!(await checkContent(sameSize ? full : undefined, node, readData, (bytes) => progress.advance(bytes))) && sameSize) differ(at, 'content');
      progress.step();
    }
  }
  return differences;
}

/**
 * Opens every blob of the file, whatever became of the live copy — the drill proves the backup
 * restores, so a blob that does not open stops it even for a file changed or removed since — and,
 * while they agree, compares each with the same range of the live file `file`, in memory. True when
 * there is a live file and all of it matches. `opened` is told each blob's size once it is done with
 * (it may throw the cancel: the blobs read ahead are wiped on the way out).
 */
async function checkContent(file: Buffer | undefined, node: TreeNode & { type: 'file' }, readData: ReadData, opened: (bytes: number) => void): Promise<boolean> {
  const handle = file === undefined ? undefined : await open(file, 'r');
  const ahead: Promise<Buffer>[] = [];
  let next = 0;
  const fill = () => {
    while (next < node.content.length && ahead.length < BLOBS_AHEAD) {
      const reading = readData(node.content[next++] as string);
      reading.catch(() => undefined); // thrown when its turn comes, never unhandled
      ahead.push(reading);
    }
  };
  try {
    fill();
    let position = 0;
    let same = handle !== undefined;
    while (ahead.length > 0) {
      const blob = await (ahead.shift() as Promise<Buffer>);
      fill();
      // Compared up to the first difference; opened to the end.
      if (same && handle !== undefined) same = await sameRange(handle, position, blob);
      blob.fill(0);
      position += blob.length;
      opened(blob.length);
    }
    // The blobs must cover the file exactly (the size was compared before).
    return same && position === node.size;
  } finally {
    await Promise.allSettled(ahead).then((left) => left.forEach((result) => result.status === 'fulfilled' && result.value.fill(0)));
    await handle?.close();
  }
}

async function sameRange(handle: FileHandle, position: number, blob: Buffer): Promise<boolean> {
  const live = Buffer.alloc(blob.length);
  try {
    const { bytesRead } = await handle.read(live, 0, live.length, position);
    return bytesRead === blob.length && live.equals(blob);
  } finally {
    live.fill(0);
  }
}
