import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { TokenSigner } from '../signing/token-signer.js';
import { BackupCancelledError, ProgressMeter, scanFolder, throwIfCancelled, type ProgressOptions } from './backup-progress.js';
import { blobIdOf, sealBlob, type BlobType } from './blob-codec.js';
import { buildIndexFile, indexName, type IndexedPack } from './index-file.js';
import { keyedChunks } from './keyed-chunker.js';
import { buildPack, packName, PACK_SIZE, type SealedBlob } from './pack.js';
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
}

/** Optional, additive: progress and cancelling (ProgressOptions), and test seams. */
export interface BackupHooks extends ProgressOptions {
  /** Test seam: called after each pack is on the target (the crash test prints it). */
  readonly onPackWritten?: (packId: string) => void;
  /** Tests only: smaller packs, so a few MiB make many (the format's size is PACK_SIZE). */
  readonly packSize?: number;
}

const joinPath = (directory: Buffer, name: Buffer): Buffer => Buffer.concat([directory, Buffer.from('/'), name]);

/**
 * Backs up `folder` (docs/backup-repository.md, "Write order and crashes"): packs, then one index,
 * then the snapshot signed on the token. Under a shared lock. A pre-scan gives the totals of
 * `onProgress`; an aborted `signal` stops at the next chunk, writes the pending pack and an index
 * of the packs written (so the next backup reuses them without reading them back), writes no
 * snapshot and throws BackupCancelledError.
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
  private pendingIds = new Set<string>();
  private pendingBytes = 0;
  private written: IndexedPack[] = [];
  private stats = { files: 0, bytes: 0, newBlobs: 0, newBytes: 0, newDataBlobs: 0, reusedBlobs: 0, packs: 0, resumedBlobs: 0, skipped: 0 };
  private meter: ProgressMeter | undefined;

  constructor(
    private readonly repository: Repository,
    private readonly hooks: BackupHooks,
  ) {}

  async run(folder: string, signer: TokenSigner): Promise<{ snapshot: string; stats: BackupStats }> {
    const index = await this.repository.loadIndex();
    this.blobs = index.blobs;
    // Resume: packs an interrupted backup wrote before its index are read and named by this one.
    for (const pack of await this.repository.unindexedPacks(index.indexedPacks)) {
      addPack(this.blobs, index.indexedPacks, pack);
      this.written.push(pack);
      this.stats.resumedBlobs += pack.entries.length;
    }
    const { signal, onProgress } = this.hooks;
    this.meter = new ProgressMeter(await scanFolder(folder, { signal, onProgress }), onProgress);
    let root: string;
    try {
      root = await this.directory(Buffer.from(folder));
    } catch (error) {
      // Cancelled: what is stored so far is kept and indexed, so the next run reuses it at no cost.
      if (error instanceof BackupCancelledError) await this.writeIndex();
      throw error;
    }
    this.meter.report('finishing', true);
    await this.writeIndex();
    const keys = this.repository.current;
    const { files, bytes } = this.stats;
    const snapshot = await buildSnapshotFile(keys, { repository: this.repository.config.id, time: new Date().toISOString(), hostname: hostname(), paths: [folder], tree: root, files, bytes }, signer);
    await this.repository.target.put(snapshotName(snapshot.id), snapshot.bytes);
    return { snapshot: snapshot.id, stats: { ...this.stats } };
  }

  private async writeIndex(): Promise<void> {
    await this.flush();
    if (this.written.length === 0) return;
    const file = buildIndexFile(this.repository.current, this.written);
    await this.repository.target.put(indexName(file.id), file.bytes);
  }

  /** The directory's tree blob id, its children stored first. */
  private async directory(directory: Buffer): Promise<string> {
    const names = (await readdir(directory, { encoding: 'buffer' })).sort(Buffer.compare);
    const nodes: TreeNode[] = [];
    for (const name of names) {
      throwIfCancelled(this.hooks.signal);
      const full = joinPath(directory, name);
      const info = await lstat(full, { bigint: true });
      const common = { ...nameFields(name), mode: Number(info.mode & 0o7777n), mtimeNs: info.mtimeNs.toString() };
      if (info.isDirectory()) nodes.push({ ...common, type: 'dir', subtree: await this.directory(full) });
      else if (info.isSymbolicLink()) nodes.push({ ...common, type: 'symlink', target: (await readlink(full, { encoding: 'buffer' })).toString('utf8') });
      else if (info.isFile()) nodes.push({ ...common, type: 'file', ...(await this.file(full)) });
      else this.stats.skipped++;
    }
    return this.store('tree', encodeTree(nodes));
  }

  private async file(file: Buffer): Promise<{ size: number; content: string[] }> {
    const content: string[] = [];
    let size = 0;
    for await (const chunk of keyedChunks(createReadStream(file), this.repository.current.chunker)) {
      throwIfCancelled(this.hooks.signal);
      size += chunk.length;
      content.push(await this.storeChunk('data', chunk.id, chunk.bytes));
      this.meter?.advance(0, chunk.length);
    }
    this.meter?.advance(1, 0);
    this.stats.files++;
    this.stats.bytes += size;
    return { size, content };
  }

  private store(type: BlobType, bytes: Buffer): Promise<string> {
    return this.storeChunk(type, blobIdOf(this.repository.current, bytes), bytes);
  }

  /** Deduplicated against the index and this run's pending pack. */
  private async storeChunk(type: BlobType, id: Buffer, bytes: Buffer): Promise<string> {
    const hex = id.toString('hex');
    if (this.blobs.has(hex) || this.pendingIds.has(hex)) {
      this.stats.reusedBlobs++;
      return hex;
    }
    const sealed = sealBlob(this.repository.current, type, id, bytes);
    if (this.pending.length > 0 && this.pendingBytes + sealed.length > (this.hooks.packSize ?? PACK_SIZE)) await this.flush();
    this.pending.push({ type, id, sealed });
    this.pendingIds.add(hex);
    this.pendingBytes += sealed.length;
    this.stats.newBlobs++;
    if (type === 'data') this.stats.newDataBlobs++;
    this.stats.newBytes += bytes.length;
    return hex;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const keys = this.repository.current;
    const pack = buildPack(keys, this.pending);
    await this.repository.target.put(packName(pack.id), pack.bytes);
    const indexed = { pack: pack.id, generation: keys.generation, entries: pack.entries };
    addPack(this.blobs, new Set(), indexed);
    this.written.push(indexed);
    this.stats.packs++;
    this.pending = [];
    this.pendingIds.clear();
    this.pendingBytes = 0;
    this.hooks.onPackWritten?.(pack.id);
  }
}
