import { createReadStream } from 'node:fs';
import { chmod, lstat, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../domain-error.js';
import { BackupFormatError } from './backup-format-error.js';
import { keyedChunks } from './keyed-chunker.js';
import { PhaseProgress, type OperationHooks } from './operation-hooks.js';
import { addPack, type BlobLocation, type Repository } from './repository.js';
import { restoreSnapshot } from './restore.js';
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

export interface DrillHooks extends OperationHooks {
  /** Test seam: called with the restored folder before it is compared (a test damages it here). */
  readonly afterRestore?: (folder: string) => Promise<void>;
}

interface Expected {
  readonly path: Buffer;
  readonly node: TreeNode;
}

const join = (a: Buffer, b: Buffer): Buffer => (a.length === 0 ? b : Buffer.concat([a, Buffer.from('/'), b]));
const micros = (ns: bigint | string): string => (BigInt(ns) / 1000n).toString();

/**
 * The restore drill (docs/backup-repository.md, "Restore drill"): restores a snapshot into a new
 * folder inside `scratch`, compares every entry with the snapshot's trees — names, types, sizes,
 * modes, times to the microsecond, link targets, and contents by cutting each restored file again
 * with the repository's keyed chunker and comparing the blob ids (a keyed digest of every chunk) —
 * and removes the folder, whatever happens. Progress: `restore` (files of the pre-scan), then
 * `compare` (files, bytes).
 */
export async function restoreDrill(repository: Repository, snapshotId: string, scratch: string, hooks: DrillHooks = {}): Promise<DrillReport> {
  try {
    if (!(await lstat(scratch)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    throw new DomainError('backup.drillScratchUnsafe', undefined, { cause: error });
  }
  const { expected, generation } = await preScan(repository, snapshotId);
  const files = expected.filter(({ node }) => node.type === 'file');
  const totalBytes = files.reduce((sum, { node }) => sum + (node.type === 'file' ? node.size : 0), 0);
  const folder = await mkdtemp(path.join(scratch, 'airlock-drill-'));
  try {
    // One step here; restoreSnapshot's own progress (files, bytes, ETA) is for a caller who wants it.
    const restoring = new PhaseProgress(hooks, 'restore', 1, totalBytes);
    await restoreSnapshot(repository, snapshotId, folder, hooks.signal === undefined ? {} : { signal: hooks.signal });
    restoring.step(totalBytes);
    await hooks.afterRestore?.(folder);
    const keys = repository.keysOf(generation);
    if (keys === undefined) throw new BackupFormatError('sealBroken', `snapshots/${snapshotId}`, `unknown key generation ${generation}`);
    const differences = await compare(Buffer.from(folder), expected, keys.chunker, new PhaseProgress(hooks, 'compare', files.length, totalBytes));
    return {
      snapshot: snapshotId,
      files: files.length,
      directories: expected.filter(({ node }) => node.type === 'dir').length,
      symlinks: expected.filter(({ node }) => node.type === 'symlink').length,
      bytes: totalBytes,
      differences,
    };
  } finally {
    await removeRestored(folder);
  }
}

/** Every entry of the snapshot, parents before children, and the key generation of its trees. */
async function preScan(repository: Repository, snapshotId: string): Promise<{ expected: Expected[]; generation: number }> {
  const snapshot = await repository.snapshot(snapshotId);
  const { blobs, indexedPacks } = await repository.loadIndex();
  for (const pack of await repository.unindexedPacks(indexedPacks)) addPack(blobs, indexedPacks, pack);
  const locate = (id: string): BlobLocation => {
    const location = blobs.get(id);
    if (location === undefined) throw new BackupFormatError('blobMissing', `snapshots/${snapshotId}`, `tree ${id}`);
    return location;
  };
  const expected: Expected[] = [];
  const walk = async (treeId: string, at: Buffer): Promise<void> => {
    for (const node of decodeTree(await repository.readBlob(treeId, locate(treeId)), `tree ${treeId}`)) {
      const entry = join(at, nameOf(node, `tree ${treeId}`));
      expected.push({ path: entry, node });
      if (node.type === 'dir') await walk(node.subtree, entry);
    }
  };
  await walk(snapshot.tree, Buffer.alloc(0));
  return { expected, generation: locate(snapshot.tree).generation };
}

async function compare(root: Buffer, expected: readonly Expected[], chunker: Parameters<typeof keyedChunks>[1], progress: PhaseProgress): Promise<DrillDifference[]> {
  const differences: DrillDifference[] = [];
  const differ = (at: Buffer, kind: DrillDifferenceKind, want?: string, got?: string) =>
    differences.push({ path: at.toString('utf8'), kind, ...(want === undefined ? {} : { expected: want }), ...(got === undefined ? {} : { found: got }) });
  const wanted = new Set(expected.map(({ path: at }) => at.toString('hex')));
  // Entries that are in the restored folder but not in the snapshot.
  const walkExtra = async (at: Buffer): Promise<void> => {
    for (const name of await readdir(join(root, at), { encoding: 'buffer' })) {
      const entry = join(at, name);
      if (!wanted.has(entry.toString('hex'))) differ(entry, 'extra');
      else if ((await lstat(join(root, entry))).isDirectory()) await walkExtra(entry);
    }
  };
  await walkExtra(Buffer.alloc(0));
  for (const { path: at, node } of expected) {
    const full = join(root, at);
    const info = await lstat(full, { bigint: true }).catch(() => undefined);
    if (info === undefined) {
      differ(at, 'missing');
      if (node.type === 'file') progress.step(node.size);
      continue;
    }
    const type = info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'symlink' : info.isFile() ? 'file' : 'other';
    if (type !== node.type) {
      differ(at, 'type', node.type, type);
      if (node.type === 'file') progress.step(node.size);
      continue;
    }
    if (node.type !== 'symlink' && Number(info.mode & 0o7777n) !== node.mode) differ(at, 'mode', node.mode.toString(8), Number(info.mode & 0o7777n).toString(8));
    if (micros(info.mtimeNs) !== micros(node.mtimeNs)) differ(at, 'mtime', micros(node.mtimeNs), micros(info.mtimeNs));
    if (node.type === 'symlink') {
      const target = (await readlink(full, { encoding: 'buffer' })).toString('utf8');
      if (target !== node.target) differ(at, 'target', node.target, target);
    }
    if (node.type === 'file') {
      if (Number(info.size) !== node.size) differ(at, 'size', String(node.size), String(info.size));
      else {
        const ids: string[] = [];
        for await (const chunk of keyedChunks(createReadStream(full), chunker)) ids.push(chunk.id.toString('hex'));
        if (ids.length !== node.content.length || ids.some((id, i) => id !== node.content[i])) differ(at, 'content');
      }
      progress.step(node.size);
    }
  }
  return differences;
}

/** Read-only directories are made writable first: the official (not root) must be able to remove them. */
async function removeRestored(folder: string): Promise<void> {
  const open = async (directory: string): Promise<void> => {
    await chmod(directory, 0o700).catch(() => undefined);
    for (const entry of await readdir(directory, { withFileTypes: true }).catch(() => [])) if (entry.isDirectory()) await open(path.join(directory, entry.name));
  };
  await open(folder);
  await rm(folder, { recursive: true, force: true });
}
