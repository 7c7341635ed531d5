import { chmod, lutimes, mkdir, open, rm, symlink, utimes, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { BackupFormatError } from './backup-format-error.js';
import { BackupCancelledError, ProgressMeter, throwIfCancelled, type ProgressOptions } from './backup-progress.js';
import { openBlob, type BlobKeys } from './blob-codec.js';
import { BlobWorkers } from './blob-workers.js';
import { packName } from './pack.js';
import { addPack, type BlobLocation, type Repository } from './repository.js';
import { KEPT_BYTES, PackReadCache, type NeededBlob } from './restore-reads.js';
import { IdenticalFiles } from './restore-twins.js';
import { decodeTree, nameOf, type TreeNode } from './tree.js';

export interface RestoreStats {
  readonly files: number;
  readonly bytes: number;
}

/** Optional, additive. */
export interface RestoreOptions extends ProgressOptions {
  /** Worker threads opening blobs; 0 opens them on this thread. Default: one per core when the snapshot holds at least 16 MiB. */
  readonly workers?: number;
  /** Only these paths inside the snapshot ('/'-joined names; a folder brings all it holds), with the folders leading to them. Absent: all. */
  readonly paths?: readonly string[];
}

/**
 * A file of the snapshot that could not be restored: `file` its path inside the snapshot ('/'-joined),
 * `cause` why (a damaged or missing pack, a worker thread that ended, a full disk…). The file was removed.
 */
export class RestoreFileError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`restoring ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RestoreFileError';
  }
}

const joinPath = (directory: Buffer, name: Buffer): Buffer => Buffer.concat([directory, Buffer.from('/'), name]);
// utimes takes seconds as a double (about 0.24 µs apart at today's dates): the recorded microsecond
// plus half of one, so rounding either way keeps the microsecond (times come back exact to the µs).
const seconds = (ns: string): number => Number(BigInt(ns) / 1000n) / 1e6 + 5e-7;
const WORKERS_FROM_BYTES = 16 * 1024 * 1024;
// Files restored at once (across folders), per worker thread (4 without threads), and blobs of one
// file read ahead: per thread one file written while the next ones are opened, so a thread does not
// wait for the main thread between small files.
const FILES_AT_ONCE = 4;
const FILES_PER_THREAD = 3;
const BLOBS_AHEAD = 3;

/** Whether `relative` is chosen (itself or under a chosen folder), or only on the way to a chosen path. */
function choice(chosen: readonly string[] | undefined, relative: string): 'all' | 'onTheWay' | 'no' {
  if (chosen === undefined || chosen.some((item) => relative === item || relative.startsWith(`${item}/`))) return 'all';
  return chosen.some((item) => item.startsWith(`${relative}/`)) ? 'onTheWay' : 'no';
}

/**
 * Restores a snapshot into `destination` (which must not hold the same names: files are created
 * with O_EXCL, nothing is overwritten). Contents, modes, times, symlinks; a directory's mode and
 * times are set after its children, so a read-only directory is still filled. Totals of `onProgress`
 * are the snapshot's own; an aborted `signal` stops at the next blob, removes the files being written
 * (the files already restored stay, whole) and throws BackupCancelledError. A file that fails (a
 * damaged or missing pack, a worker thread that ended) is removed and the restore throws
 * RestoreFileError naming it; the files already restored stay, whole.
 */
export async function restoreSnapshot(repository: Repository, snapshotId: string, destination: string, options: RestoreOptions = {}): Promise<RestoreStats> {
  const chosen = options.paths;
  const release = await repository.lock(false);
  let workers: BlobWorkers | undefined;
  let openPacks: PackReadCache | undefined; // closed however the restore ends
  const twins = new IdenticalFiles(); // the same: its kept files closed
  try {
    const snapshot = await repository.snapshot(snapshotId);
    const { blobs, indexedPacks } = await repository.loadIndex();
    // Packs an interrupted backup left unindexed still hold blobs: read from their own headers.
    for (const pack of await repository.unindexedPacks(indexedPacks)) addPack(blobs, indexedPacks, pack);
    const stats = { files: 0, bytes: 0 };
    const meter = new ProgressMeter({ files: snapshot.files, bytes: snapshot.bytes }, options.onProgress);
    const threads = options.workers ?? (snapshot.bytes >= WORKERS_FROM_BYTES ? availableParallelism() : 0);
    if (threads > 0) workers = BlobWorkers.start(repository.allGenerations, threads);
    const locate = (id: string, object: string): BlobLocation => {
      const location = blobs.get(id);
      if (location === undefined) throw new BackupFormatError('blobMissing', object, id);
      return location;
    };
    // Every tree first (kept, decoded: small beside the data), noting how often each needed blob is
    // written, so each pack run is read once (PackReadCache) however many files it feeds.
    const trees = new Map<string, TreeNode[]>();
    const needed = new Map<string, NeededBlob>();
    const plan = async (id: string, prefix: string, whole: boolean): Promise<void> => {
      const nodes = trees.get(id) ?? decodeTree(await repository.readBlob(id, locate(id, `snapshots/${snapshotId}`)), `tree ${id}`);
      trees.set(id, nodes);
      for (const node of nodes) {
        const relative = `${prefix}${nameOf(node, `tree ${id}`).toString('utf8')}`;
        const chosenHere = whole ? 'all' : choice(chosen, relative);
        if (chosenHere === 'no' || (chosenHere === 'onTheWay' && node.type !== 'dir')) continue;
        if (node.type === 'dir') await plan(node.subtree, `${relative}/`, chosenHere === 'all');
        else if (node.type === 'file') {
          twins.count(node.content);
          for (const blob of node.content) {
            const entry = needed.get(blob) ?? { id: blob, location: locate(blob, `tree ${id}`), uses: 0 };
            entry.uses++;
            needed.set(blob, entry);
          }
        }
      }
    };
    await plan(snapshot.tree, '', chosen === undefined);
    const packs = new PackReadCache(repository.target, needed.values(), repository.target.readsAreRequests === true ? KEPT_BYTES : 0);
    openPacks = packs;
    /** The blob's location, a data blob's, under a key generation this repository holds. */
    const dataAt = (id: string, object: string): BlobLocation & { pack: string } => {
      const location = locate(id, object);
      const pack = packName(location.pack);
      if (location.type !== 'data') throw new BackupFormatError('malformed', pack, `blob ${id} is not data`);
      if (repository.keysOf(location.generation) === undefined) throw new BackupFormatError('sealBroken', pack, `unknown key generation ${location.generation}`);
      return location;
    };
    const readData = async (id: string, object: string): Promise<Buffer> => {
      const location = dataAt(id, object);
      const pack = packName(location.pack);
      const sealed = await packs.sealed(id, location);
      if (workers !== undefined) return workers.open(location.generation, location.type, Buffer.from(id, 'hex'), sealed, pack);
      return openBlob(repository.keysOf(location.generation) as BlobKeys, location.type, Buffer.from(id, 'hex'), sealed, pack);
    };
    // Packs that are local files are read by the worker threads themselves, each file written there whole.
    const target = repository.target;
    const localFile = workers !== undefined && target.localFile !== undefined ? target.localFile.bind(target) : undefined;
    /**
     * Writes the file's content (copied from `twin`, an identical file restored before and still
     * open, when there is one); true when its mode and times were set too (on a thread, after the last write).
     */
    const writeContentOf = async (node: TreeNode & { type: 'file' }, handle: FileHandle, tree: string, twin: FileHandle | undefined): Promise<boolean> => {
      if (workers === undefined || localFile === undefined) {
        await writeContent(handle, node.content, (blob) => readData(blob, `tree ${tree}`), meter, options.signal);
        return false;
      }
      const blobs = twin !== undefined ? [] : node.content.map((id) => {
        const { generation, pack, offset, length } = dataAt(id, `tree ${tree}`);
        return { generation, id: Buffer.from(id, 'hex'), pack: packName(pack), path: localFile(packName(pack)), offset, length };
      });
      // A cancel from here on reaches the thread: it stops before the file's next blob.
      await workers.restoreFile({ fd: handle.fd, blobs, ...(twin === undefined ? {} : { from: twin.fd }), mode: node.mode, mtime: seconds(node.mtimeNs) }, (bytes) => meter.advance(0, bytes), options.signal).catch((error: unknown) => {
        throwIfCancelled(options.signal); // stopped by the cancel: a cancel, whatever the thread said
        throw error;
      });
      return true;
    };
    const writeFile = async (node: TreeNode & { type: 'file' }, target: Buffer, tree: string, relative: string): Promise<void> => {
      // Identical files are copied on the threads from the first one restored (restore-twins.ts).
      const twin = localFile === undefined ? undefined : twins.take(node.content);
      let handle: FileHandle;
      try {
        handle = await open(target, twin?.role === 'first' ? 'wx+' : 'wx', 0o600);
      } catch (error) {
        // A first copy that never opened lets its twins go on from their blobs, else they wait forever.
        if (twin?.role === 'first') twin.keep(undefined, 0);
        if (twin?.role === 'copy') await twin.copied();
        throw error;
      }
      let kept = false;
      try {
        if (!(await writeContentOf(node, handle, tree, twin?.role === 'copy' ? await twin.source : undefined))) {
          // Through the open file: no path looked up again (after the last write, which sets the mtime).
          await handle.chmod(node.mode);
          await handle.utimes(seconds(node.mtimeNs), seconds(node.mtimeNs));
        }
        if (twin?.role === 'first') {
          twin.keep(handle, seconds(node.mtimeNs)); // closed after its copies
          kept = true;
        }
      } catch (error) {
        // Never left half written where it would pass for the whole file (its name, a plausible size).
        await handle.close();
        await rm(target, { force: true });
        throw error instanceof BackupCancelledError ? error : new RestoreFileError(relative, error);
      } finally {
        if (twin?.role === 'first' && !kept) twin.keep(undefined, 0); // failed: its twins are restored from their blobs
        if (twin?.role === 'copy') await twin.copied();
      }
      if (!kept) await handle.close();
      stats.files++;
      stats.bytes += node.size;
      meter.advance(1, 0);
    };
    const tree = (id: string): TreeNode[] => trees.get(id) ?? [];
    // Files under way across folders: the walk goes on past a folder's end while its files are
    // written (waiting there left a thread idle beside another folder's large file), and a
    // folder's mode and times are set once everything under it is restored.
    const filesAtOnce = workers === undefined ? FILES_AT_ONCE : FILES_PER_THREAD * threads;
    const writing = new Set<Promise<boolean>>();
    const finishing: Promise<boolean>[] = [];
    const failures: unknown[] = [];
    const failed = (error: unknown): false => (failures.push(error), false);
    /** Walks tree `id` into `into`, starting its files; `restored` settles (never rejects) once all under it is restored: true, or false after a failure. */
    const restoreDirectory = async (id: string, into: Buffer, prefix: string, whole: boolean): Promise<{ restored: Promise<boolean> }> => {
      const under: Promise<boolean>[] = [];
      for (const node of tree(id)) {
        if (failures.length > 0) return { restored: Promise.resolve(false) };
        throwIfCancelled(options.signal);
        const name = nameOf(node, `tree ${id}`);
        const relative = `${prefix}${name.toString('utf8')}`;
        const chosenHere = whole ? 'all' : choice(chosen, relative);
        if (chosenHere === 'no' || (chosenHere === 'onTheWay' && node.type !== 'dir')) continue;
        const target = joinPath(into, name);
        if (node.type === 'dir') {
          await mkdir(target, { mode: 0o700 });
          const { restored } = await restoreDirectory(node.subtree, target, `${relative}/`, chosenHere === 'all');
          const finished = restored.then(async (all) => {
            if (!all) return false;
            await chmod(target, node.mode);
            await utimes(target, seconds(node.mtimeNs), seconds(node.mtimeNs));
            return true;
          }).catch(failed);
          finishing.push(finished);
          under.push(finished);
        } else if (node.type === 'symlink') {
          await symlink(node.target, target);
          await lutimes(target, seconds(node.mtimeNs), seconds(node.mtimeNs));
        } else {
          const written: Promise<boolean> = writeFile(node, target, id, relative).then(() => true, failed);
          writing.add(written);
          void written.then(() => writing.delete(written));
          under.push(written);
          while (writing.size >= filesAtOnce) await Promise.race(writing);
        }
      }
      return { restored: Promise.all(under).then((all) => all.every(Boolean)) };
    };
    await mkdir(destination, { recursive: true });
    try {
      await restoreDirectory(snapshot.tree, Buffer.from(destination), '', chosen === undefined);
    } finally {
      // Never reject: failures are collected.
      await Promise.all(writing);
      await Promise.all(finishing);
    }
    // A cancel shows as itself, not as the error of a file it interrupted.
    if (failures.length > 0) throw failures.find((error) => !(error instanceof BackupCancelledError)) ?? failures[0];
    meter.report('finishing', true);
    return stats;
  } finally {
    await twins.close();
    await openPacks?.close();
    await workers?.close();
    await release();
  }
}

/** The file's blobs in order, up to BLOBS_AHEAD being read and opened while the earlier ones are written. */
async function writeContent(handle: FileHandle, content: readonly string[], read: (blob: string) => Promise<Buffer>, meter: ProgressMeter, signal: AbortSignal | undefined): Promise<void> {
  const ahead: Promise<Buffer>[] = [];
  let next = 0;
  const fill = () => {
    while (next < content.length && ahead.length < BLOBS_AHEAD) {
      const reading = read(content[next++] as string);
      reading.catch(() => undefined); // thrown when its turn comes, never unhandled
      ahead.push(reading);
    }
  };
  fill();
  while (ahead.length > 0) {
    throwIfCancelled(signal);
    const bytes = await (ahead.shift() as Promise<Buffer>);
    fill();
    await handle.write(bytes);
    meter.advance(0, bytes.length);
  }
}
