import { chmod, lutimes, mkdir, open, rm, symlink, utimes } from 'node:fs/promises';
import { BackupCancelledError, ProgressMeter, throwIfCancelled, type ProgressOptions } from './backup-progress.js';
import { BackupFormatError } from './backup-format-error.js';
import { packName } from './pack.js';
import { addPack, type BlobLocation, type Repository } from './repository.js';
import { decodeTree, nameOf, type TreeNode } from './tree.js';

export interface RestoreStats {
  readonly files: number;
  readonly bytes: number;
}

const joinPath = (directory: Buffer, name: Buffer): Buffer => Buffer.concat([directory, Buffer.from('/'), name]);
// utimes takes seconds as a double (about 0.24 µs apart at today's dates): the recorded microsecond
// plus half of one, so rounding either way keeps the microsecond (times come back exact to the µs).
const seconds = (ns: string): number => Number(BigInt(ns) / 1000n) / 1e6 + 5e-7;

/**
 * Restores a snapshot into `destination` (which must not hold the same names: files are created
 * with O_EXCL, nothing is overwritten). Contents, modes, times, symlinks; a directory's mode and
 * times are set after its children, so a read-only directory is still filled. Totals of `onProgress`
 * are the snapshot's own; an aborted `signal` stops at the next blob, removes the file being written
 * (the files already restored stay, whole) and throws BackupCancelledError.
 */
export async function restoreSnapshot(repository: Repository, snapshotId: string, destination: string, options: ProgressOptions = {}): Promise<RestoreStats> {
  const release = await repository.lock(false);
  try {
    const snapshot = await repository.snapshot(snapshotId);
    const { blobs, indexedPacks } = await repository.loadIndex();
    // Packs an interrupted backup left unindexed still hold blobs: read from their own headers.
    for (const pack of await repository.unindexedPacks(indexedPacks)) addPack(blobs, indexedPacks, pack);
    const stats = { files: 0, bytes: 0 };
    const meter = new ProgressMeter({ files: snapshot.files, bytes: snapshot.bytes }, options.onProgress);
    const locate = (id: string, object: string): BlobLocation => {
      const location = blobs.get(id);
      if (location === undefined) throw new BackupFormatError('blobMissing', object, id);
      return location;
    };
    const tree = async (id: string): Promise<TreeNode[]> => decodeTree(await repository.readBlob(id, locate(id, `snapshots/${snapshotId}`)), `tree ${id}`);
    const restoreDirectory = async (id: string, into: Buffer): Promise<void> => {
      for (const node of await tree(id)) {
        throwIfCancelled(options.signal);
        const target = joinPath(into, nameOf(node, `tree ${id}`));
        if (node.type === 'dir') {
          await mkdir(target, { mode: 0o700 });
          await restoreDirectory(node.subtree, target);
          await chmod(target, node.mode);
          await utimes(target, seconds(node.mtimeNs), seconds(node.mtimeNs));
        } else if (node.type === 'symlink') {
          await symlink(node.target, target);
          await lutimes(target, seconds(node.mtimeNs), seconds(node.mtimeNs));
        } else {
          const handle = await open(target, 'wx', 0o600);
          try {
            for (const blob of node.content) {
              throwIfCancelled(options.signal);
              const location = locate(blob, `tree ${id}`);
              if (location.type !== 'data') throw new BackupFormatError('malformed', packName(location.pack), `blob ${blob} is not data`);
              const bytes = await repository.readBlob(blob, location);
              await handle.write(bytes);
              meter.advance(0, bytes.length);
            }
          } catch (error) {
            if (error instanceof BackupCancelledError) {
              await handle.close();
              await rm(target);
            }
            throw error;
          } finally {
            await handle.close();
          }
          meter.advance(1, 0);
          await chmod(target, node.mode);
          await utimes(target, seconds(node.mtimeNs), seconds(node.mtimeNs));
          stats.files++;
          stats.bytes += node.size;
        }
      }
    };
    await mkdir(destination, { recursive: true });
    await restoreDirectory(snapshot.tree, Buffer.from(destination));
    meter.report('finishing', true);
    return stats;
  } finally {
    await release();
  }
}
