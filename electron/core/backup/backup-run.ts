import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import type { Classification } from '../../../shared/domain/classification.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { BackupCancelledError, ProgressMeter, scanFolder, throwIfCancelled, type ProgressOptions } from './backup-progress.js';
import { blobIdOf, sealBlob, type BlobType } from './blob-codec.js';
import { BlobWorkers } from './blob-workers.js';
import { buildIndexFile, indexName, type IndexedPack } from './index-file.js';
import { smallFileChunks, streamedFileChunks } from './file-chunks.js';
import { chainCount, splitFileChunks } from './file-split-chunks.js';
import { CHUNKER_PARAMETERS } from './keyed-chunker.js';
import { buildPack, packName, PACK_SIZE, type SealedBlob } from './pack.js';
import { ParentTrees } from './parent-trees.js';
import { addPack, type BlobLocation, type Repository } from './repository.js';
import { buildSnapshotFile, snapshotName } from './snapshot-file.js';
import { encodeTree, nameFields, type TreeNode } from './tree.js';

export interface BackupStats {
  readonly files: number;
  readonly bytes: number;
  /** Blobs (data and tree) this backup stored, and the chunk bytes they hold. */
  readonly newBlobs: number;
  readonly newBytes: number;
  /** Of which data blobs (file content). */
  readonly newDataBlobs: number;
  readonly reusedBlobs: number;
  readonly packs: number;
  /** Blobs found in packs an interrupted backup left without an index, reused. */
  readonly resumedBlobs: number;
  /** Sockets, devices, FIFOs: not backed up. */
  readonly skipped: number;
  /** Files taken from the parent snapshot unread: same size, mtime, ctime and inode. */
  readonly unchangedFiles: number;
  /** The snapshot compared with, if any. */
  readonly parent?: string;
}

/** Optional, additive: progress and cancelling (ProgressOptions), the parent, threads, and test seams. */
export interface BackupHooks extends ProgressOptions {
  /** Test seam: called after each pack is on the target (the crash test prints it). */
  readonly onPackWritten?: (packId: string) => void;
  /** Tests only: smaller packs, so a few MiB make many (the format's size is PACK_SIZE). */
  readonly packSize?: number;
  /**
   * The snapshot whose files are taken unread when their metadata is unchanged: by default the
   * newest of this host with the same paths; `false` reads every file (a full re-read).
   */
  readonly parent?: string | false;
  /** Worker threads sealing blobs; 0 seals on this thread. Default: one per core when there is at least 16 MiB to read. */
  readonly workers?: number;
  /** The paths the snapshot records, when they are not `folder` itself (a copy made for the backup). */
  readonly recordedPaths?: readonly string[];
  /** The level the snapshot is signed with (the live zone's ceiling: docs/backup-repository.md "Snapshots and trees"). */
  readonly level?: Classification;
}

/** `promise` itself, marked handled: it is awaited later (a tree's children), or not at all when the walk stopped. */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

// Entries of a directory whose lstat is asked for at once: the calls overlap in libuv's threads
// instead of one round trip after the other (an incremental backup is mostly lstat); bounded, so
// a folder of 100 000 entries does not hold 100 000 answers.
const STATS_AHEAD = 64;

const joinPath = (directory: Buffer, name: Buffer): Buffer => Buffer.concat([directory, Buffer.from('/'), name]);

/** The lstat of each name of `directory`, in order, up to STATS_AHEAD asked ahead of the one taken. */
function statsAhead(directory: Buffer, names: readonly Buffer[]): { next: () => Promise<BigIntStats> } {
  const queued: Promise<BigIntStats>[] = [];
  let asked = 0;
  return {
    next: () => {
      while (queued.length < STATS_AHEAD && asked < names.length) queued.push(settledLater(lstat(joinPath(directory, names[asked++] as Buffer), { bigint: true })));
      const info = queued.shift();
      if (info === undefined) throw new RangeError('more entries taken than the directory has');
      return info;
    },
  };
}

const WORKERS_FROM_BYTES = 16 * 1024 * 1024;
// Files at least this long are read and chunked on a worker thread: below it a file is one chunk,
// its only cost the read and the HMAC, less than the round trip to a thread.
const CHUNK_ON_WORKER_FROM = CHUNKER_PARAMETERS.minSize;

/**
 * Backs up `folder` (docs/backup-repository.md, "Write order and crashes"): packs, then one index,
 * then the snapshot signed on the token. Under a shared lock. A pre-scan gives the totals of
 * `onProgress`; an aborted `signal` stops at the next chunk (every chunk taken: once the packs
 * under way are written, before the index and snapshot), writes the pending pack and an index
 * of the packs written (so the next backup reuses them without reading them back), writes no
 * snapshot and throws BackupCancelledError. Files whose size, mtime, ctime and inode equal the
 * parent snapshot's are not read (docs, "Incremental backups").
 */
export async function backupFolder(repository: Repository, folder: string, signer: TokenSigner, hooks: BackupHooks = {}): Promise<{ snapshot: string; stats: BackupStats }> {
  const release = await repository.lock(false);
  try {
    return await new BackupRun(repository, hooks).run(folder, signer);
  } finally {
    await release();
  }
}

class BackupRun {
  private blobs = new Map<string, BlobLocation>();
  private pending: SealedBlob[] = [];
  private pendingBytes = 0;
  /** Ids sealed or being sealed for the pack under way: a second sighting is a reuse. */
  private claimed = new Set<string>();
  private sealing = new Set<Promise<void>>();
  private writing: Promise<void> = Promise.resolve();
  private packsQueued = 0;
  private threads = 0;
  private written: IndexedPack[] = [];
  private stats = { files: 0, bytes: 0, newBlobs: 0, newBytes: 0, newDataBlobs: 0, reusedBlobs: 0, packs: 0, resumedBlobs: 0, skipped: 0, unchangedFiles: 0 };
  private meter: ProgressMeter | undefined;
  private workers: BlobWorkers | undefined;
  private parent: ParentTrees | undefined;
  /** Files being read (each settles, never rejects): with worker threads, two per thread at once. */
  private reading = new Set<Promise<void>>();
  /** Why the walk stopped (a file's read or the walk failed): no file is started nor tree stored after it. */
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly repository: Repository,
    private readonly hooks: BackupHooks,
  ) {}

  async run(folder: string, signer: TokenSigner): Promise<{ snapshot: string; stats: BackupStats }> {
    const { signal, onProgress } = this.hooks;
    // The pre-scan first: its totals decide the threads, which then start (module load, keys) while
    // the index and the parent snapshot are read here.
    const totals = await scanFolder(folder, { signal, onProgress });
    this.meter = new ProgressMeter(totals, onProgress);
    this.threads = this.hooks.workers ?? (totals.bytes >= WORKERS_FROM_BYTES ? availableParallelism() : 0);
    if (this.threads > 0) this.workers = BlobWorkers.start([this.repository.current], this.threads, { chunking: true });
    let root: string;
    try {
      const index = await this.repository.loadIndex();
      this.blobs = index.blobs;
      // Resume: packs an interrupted backup wrote before its index are read and named by this one.
      for (const pack of await this.repository.unindexedPacks(index.indexedPacks)) {
        addPack(this.blobs, index.indexedPacks, pack);
        this.written.push(pack);
        this.stats.resumedBlobs += pack.entries.length;
      }
      this.parent = await ParentTrees.find(this.repository, this.blobs, this.paths(folder), this.hooks.parent);
      root = await this.walk(Buffer.from(folder));
      await this.settle();
      // The walk checks the signal at each file and chunk only: a cancel that came once every chunk
      // was taken (while the last blobs were sealed and packs written) is honoured here, before the
      // index and snapshot — else the run would finish as if never cancelled.
      throwIfCancelled(signal);
    } catch (error) {
      // Cancelled: what is stored so far is kept and indexed, so the next run reuses it at no cost.
      if (error instanceof BackupCancelledError) {
        await this.settle();
        await this.writeIndex();
      }
      throw error;
    } finally {
      await this.workers?.close();
    }
    this.meter.report('finishing', true);
    await this.writeIndex();
    const keys = this.repository.current;
    const { files, bytes } = this.stats;
    const snapshot = await buildSnapshotFile(keys, { repository: this.repository.config.id, time: new Date().toISOString(), hostname: hostname(), paths: this.paths(folder), tree: root, files, bytes, ...(this.hooks.level === undefined ? {} : { level: this.hooks.level }) }, signer);
    await this.repository.target.put(snapshotName(snapshot.id), snapshot.bytes);
    const parent = this.parent?.snapshot;
    return { snapshot: snapshot.id, stats: { ...this.stats, ...(parent === undefined ? {} : { parent }) } };
  }

  private paths(folder: string): string[] {
    return [...(this.hooks.recordedPaths ?? [folder])];
  }

  /**
   * The root tree's id. The walk goes on while files are read (no wait at a directory's end: a large
   * file of one directory no longer holds the next directory's files off the other thread); each tree
   * is stored once its children are. On a failure or a cancel the walk stops, and this returns (throws)
   * only after every file under way has settled.
   */
  private async walk(folder: Buffer): Promise<string> {
    let root: { tree: Promise<string> };
    try {
      root = await this.directory(folder, this.parent?.root);
    } catch (error) {
      this.failure ??= { error };
      throw error;
    } finally {
      while (this.reading.size > 0) await Promise.allSettled(this.reading);
    }
    return root.tree;
  }

  /** Every blob sealed and every pack on the target; a failure of either is thrown here. */
  private async settle(): Promise<void> {
    while (this.sealing.size > 0) await Promise.all(this.sealing);
    await this.writing;
  }

  private async writeIndex(): Promise<void> {
    this.flush();
    await this.writing;
    if (this.written.length === 0) return;
    const file = buildIndexFile(this.repository.current, this.written);
    await this.repository.target.put(indexName(file.id), file.bytes);
  }

  /**
   * Walks the directory (its subdirectories too) and starts reading its files; answers, once the walk
   * is done, the promise of its tree blob id (wrapped: a promise of a promise would be flattened),
   * stored after its children. `parent` is its tree in the
   * parent snapshot. With worker threads several files are read at once (each chunked on a thread),
   * so both cores chunk; a failed read stops the walk (`failure`).
   */
  private async directory(directory: Buffer, parent: string | undefined): Promise<{ tree: Promise<string> }> {
    const names = (await readdir(directory, { encoding: 'buffer' })).sort(Buffer.compare);
    const before = await this.parent?.nodes(parent);
    const nodes: Promise<TreeNode>[] = [];
    const infos = statsAhead(directory, names);
    for (const name of names) {
      throwIfCancelled(this.hooks.signal);
      if (this.failure !== undefined) break;
      const full = joinPath(directory, name);
      const info = await infos.next();
      const common = { ...nameFields(name), mode: Number(info.mode & 0o7777n), mtimeNs: info.mtimeNs.toString() };
      const old = before?.get(name.toString('base64'));
      if (info.isDirectory()) {
        const subtree = await this.directory(full, old?.type === 'dir' ? old.subtree : undefined);
        nodes.push(settledLater(subtree.tree.then((id): TreeNode => ({ ...common, type: 'dir', subtree: id }))));
      } else if (info.isSymbolicLink()) nodes.push(Promise.resolve({ ...common, type: 'symlink', target: (await readlink(full, { encoding: 'buffer' })).toString('utf8') }));
      else if (info.isFile()) {
        const identity = { ctimeNs: info.ctimeNs.toString(), inode: info.ino.toString() };
        // Blobs of an older key generation are not taken: after a re-key, new snapshots hold new-key data only.
        const same = old?.type === 'file' && old.size === Number(info.size) && old.mtimeNs === common.mtimeNs && old.ctimeNs === identity.ctimeNs && old.inode === identity.inode && old.content.every((id) => this.blobs.get(id)?.generation === this.repository.current.generation);
        if (same) nodes.push(Promise.resolve({ ...common, type: 'file', ...identity, ...this.unchanged(old.size, old.content) }));
        else {
          const node = settledLater(this.file(full, Number(info.size)).then((content): TreeNode => ({ ...common, type: 'file', ...identity, ...content })));
          nodes.push(node);
          await this.roomToRead(node);
        }
      } else this.stats.skipped++;
    }
    return { tree: settledLater(Promise.all(nodes).then((children) => this.storeTree(children, directory))) };
  }

  /** A directory's tree, unless the walk stopped (a cancel, a failure elsewhere): then no tree is stored after the index. */
  private storeTree(children: TreeNode[], directory: Buffer): Promise<string> {
    if (this.failure !== undefined) throw this.failure.error;
    throwIfCancelled(this.hooks.signal);
    return this.store('tree', encodeTree(children, directory.toString('utf8')));
  }

  /** Counts `file` among the files being read (a failure stops the walk) and waits while as many as the threads can take are. */
  private async roomToRead(file: Promise<unknown>): Promise<void> {
    const settled = file.then(
      () => void this.reading.delete(settled),
      (error: unknown) => void (this.reading.delete(settled), (this.failure ??= { error })),
    );
    this.reading.add(settled);
    const most = this.workers === undefined ? 1 : 2 * this.threads;
    while (this.reading.size >= most) await Promise.race(this.reading);
  }

  private unchanged(size: number, content: string[]): { size: number; content: string[] } {
    this.stats.files++;
    this.stats.bytes += size;
    this.stats.unchangedFiles++;
    this.stats.reusedBlobs += content.length;
    this.meter?.advance(1, size);
    return { size, content };
  }

  /** Reads and chunks the file (`expected`: its size at lstat): a large one on a worker thread, a very large one on several. */
  private async file(file: Buffer, expected: number): Promise<{ size: number; content: string[] }> {
    const chains = this.workers === undefined ? 1 : chainCount(expected, this.threads);
    if (this.workers !== undefined && chains > 1) return this.splitFile(this.workers, file, expected, chains);
    const content: string[] = [];
    let size = 0;
    const keys = this.repository.current;
    const chunks =
      expected < CHUNK_ON_WORKER_FROM ? smallFileChunks(file, expected, keys.chunker)
      : this.workers !== undefined ? this.workers.chunks(keys.generation, file)
      : streamedFileChunks(file, keys.chunker);
    for await (const chunk of chunks) {
      throwIfCancelled(this.hooks.signal);
      // Read before the bytes are handed to a thread (transferred: this side's view is then empty).
      const length = chunk.bytes.length;
      size += length;
      content.push(await this.storeChunk('data', chunk.id, chunk.bytes));
      this.meter?.advance(0, length);
    }
    this.meter?.advance(1, 0);
    this.stats.files++;
    this.stats.bytes += size;
    return { size, content };
  }

  /**
   * A file chunked on `chains` threads at once (file-split-chunks.ts): its chunks are stored as they
   * come, out of file order, and its content is their order once every chain has stopped.
   */
  private async splitFile(workers: BlobWorkers, file: Buffer, expected: number, chains: number): Promise<{ size: number; content: string[] }> {
    const pieces = splitFileChunks(workers, this.repository.current.generation, file, expected, chains);
    let counted = 0;
    try {
      for (let step = await pieces.next(); ; step = await pieces.next()) {
        if (step.done === true) {
          const size = step.value.reduce((sum, chunk) => sum + chunk.length, 0);
          // Progress counted the bytes stored; a chunk no chain led to (rare) is not among the file's.
          this.meter?.advance(1, Math.max(0, size - counted));
          this.stats.files++;
          this.stats.bytes += size;
          return { size, content: step.value.map((chunk) => chunk.id.toString('hex')) };
        }
        throwIfCancelled(this.hooks.signal);
        const length = step.value.bytes.length;
        await this.storeChunk('data', step.value.id, step.value.bytes);
        counted += length;
        this.meter?.advance(0, length);
      }
    } finally {
      // Left early (a cancel, a failed seal): every chain stops reading.
      await pieces.return([]);
    }
  }

  private store(type: BlobType, bytes: Buffer): Promise<string> {
    return this.storeChunk(type, blobIdOf(this.repository.current, bytes), bytes);
  }

  /**
   * Deduplicated against the index and this run's blobs; a new one is sealed (on a worker when
   * there are workers: this returns once it is handed over, with a bounded number in flight).
   */
  private async storeChunk(type: BlobType, id: Buffer, bytes: Buffer): Promise<string> {
    const hex = id.toString('hex');
    if (this.blobs.has(hex) || this.claimed.has(hex)) {
      this.stats.reusedBlobs++;
      return hex;
    }
    this.claimed.add(hex);
    this.stats.newBlobs++;
    if (type === 'data') this.stats.newDataBlobs++;
    this.stats.newBytes += bytes.length;
    const keys = this.repository.current;
    if (this.workers === undefined) {
      this.add({ type, id, sealed: await sealBlob(keys, type, id, bytes) });
      if (this.packsQueued > 1) await this.writing;
      return hex;
    }
    const sealing: Promise<void> = this.workers.seal(keys.generation, type, id, bytes).then((sealed) => {
      this.sealing.delete(sealing);
      this.add({ type, id, sealed });
    });
    sealing.catch(() => undefined); // thrown where it is awaited (here or in settle), never unhandled
    this.sealing.add(sealing);
    // A few blobs per thread in flight keep the threads busy; more only costs memory.
    while (this.workers.inFlight >= 3 * this.threads) await Promise.race(this.sealing);
    // And at most one pack waiting behind the one being written.
    if (this.packsQueued > 1) await this.writing;
    return hex;
  }

  /** A sealed blob into the pack under way; a full pack goes to the target while the next fills. */
  private add(blob: SealedBlob): void {
    if (this.pending.length > 0 && this.pendingBytes + blob.sealed.length > (this.hooks.packSize ?? PACK_SIZE)) this.flush();
    this.pending.push(blob);
    this.pendingBytes += blob.sealed.length;
  }

  /** Builds the pack under way and queues its write behind the previous one (one write at a time, in order). */
  private flush(): void {
    if (this.pending.length === 0) return;
    const keys = this.repository.current;
    const pack = buildPack(keys, this.pending);
    const indexed = { pack: pack.id, generation: keys.generation, entries: pack.entries };
    this.pending = [];
    this.pendingBytes = 0;
    this.packsQueued++;
    this.writing = this.writing.then(async () => {
      await this.repository.target.put(packName(pack.id), pack.parts);
      this.packsQueued--;
      // Only now are its blobs where the index may say they are.
      addPack(this.blobs, new Set(), indexed);
      this.written.push(indexed);
      this.stats.packs++;
      this.hooks.onPackWritten?.(pack.id);
    });
    this.writing.catch(() => undefined); // thrown where it is awaited, never unhandled
  }
}
