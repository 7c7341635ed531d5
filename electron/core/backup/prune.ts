import { BackupFormatError } from './backup-format-error.js';
import { openBlob } from './blob-codec.js';
import { buildIndexFile, indexName, readIndexFile, type IndexedPack } from './index-file.js';
import { PhaseProgress, type ProgressOptions } from './backup-progress.js';
import { buildPack, PACK_SIZE, packName, readPackHeader, type SealedBlob } from './pack.js';
import { blobKey, packFile, planPrune, type PrunedPack } from './prune-plan.js';
import type { BackupAudit, BlobLocation, Repository } from './repository.js';
import { readSnapshotFile } from './snapshot-file.js';
import { decodeTree } from './tree.js';

export interface PruneOptions {
  /** Repack a pack when at least this fraction of its blob bytes is unused (default 0.05; 0: any unused blob). */
  readonly repackUnused?: number;
  /** Work out and report, change nothing (under a shared lock). */
  readonly dryRun?: boolean;
  readonly audit?: BackupAudit;
  /** Tests only: smaller packs (the format's size is PACK_SIZE). */
  readonly packSize?: number;
  /** Test seam: after each file is written or removed (the crash test prints it). */
  readonly onStep?: (step: PruneStep, name: string) => void;
}

export type PruneStep = 'pack-written' | 'index-written' | 'index-removed' | 'pack-removed';

export interface PruneReport {
  readonly snapshots: number;
  readonly usedBlobs: number;
  readonly unusedBlobs: number;
  readonly packsKept: number;
  readonly packsRepacked: number;
  readonly packsRemoved: number;
  readonly packsWritten: number;
  readonly indexFilesReplaced: number;
  /** Sizes of `data/` before and after (after = before in a dry run: what it would be is `bytesAfter`). */
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly dryRun: boolean;
}

/**
 * Prune (docs/backup-repository.md, "Prune"), under the exclusive lock: the blobs every snapshot
 * reaches are found by walking its trees; packs nothing needs are removed, partly used ones
 * repacked. Write order: new packs → one new index naming every pack that stays → the old index files
 * removed → the old packs removed. A crash at any point leaves a repository that checks clean and in
 * which every snapshot's blobs are indexed. Refuses (throws) when a snapshot, an index file or a
 * needed blob cannot be read: what it needs cannot then be known. Progress: `snapshots`,
 * `repack` (packs, bytes read), `remove` (files).
 */
export async function pruneRepository(repository: Repository, options: PruneOptions = {}, hooks: ProgressOptions = {}): Promise<PruneReport> {
  const dryRun = options.dryRun ?? false;
  const release = await repository.lock(!dryRun);
  try {
    const { target } = repository;
    const packFiles = await target.list('data/');
    const sizes = new Map(packFiles.map(({ name, size }) => [name.slice(name.lastIndexOf('/') + 1), size]));
    const indexFiles = (await target.list('index/')).map(({ name }) => name);
    const packs = new Map<string, PrunedPack>();
    for (const name of indexFiles) {
      for (const pack of readIndexFile(await target.get(name), name.slice('index/'.length), repository.keysOf)) {
        const size = sizes.get(pack.pack);
        if (size !== undefined && !packs.has(pack.pack)) packs.set(pack.pack, { ...pack, size, indexed: true });
      }
    }
    for (const pack of await repository.unindexedPacks(new Set(packs.keys()))) packs.set(pack.pack, { ...pack, size: sizes.get(pack.pack) ?? 0, indexed: false });

    const used = await usedBlobs(repository, [...packs.values()], hooks);
    const plan = planPrune([...packs.values()], used.blobs, options.repackUnused ?? 0.05);
    const bytesBefore = packFiles.reduce((sum, entry) => sum + entry.size, 0);
    const report = {
      snapshots: used.snapshots,
      usedBlobs: plan.usedBlobs,
      unusedBlobs: plan.unusedBlobs,
      packsKept: plan.keep.length,
      packsRepacked: plan.repack.length,
      packsRemoved: plan.remove.length + plan.repack.length,
      indexFilesReplaced: 0,
      dryRun,
    };
    if (plan.remove.length === 0 && plan.repack.length === 0) return { ...report, packsWritten: 0, bytesBefore, bytesAfter: bytesBefore };
    if (dryRun) {
      const repackedBytes = plan.repack.reduce((sum, { entries }) => sum + entries.reduce((total, entry) => total + entry.length, 0), 0);
      return { ...report, packsWritten: 0, bytesBefore, bytesAfter: plan.keep.reduce((sum, pack) => sum + pack.size, 0) + repackedBytes };
    }

    const step = (kind: PruneStep, name: string) => options.onStep?.(kind, name);
    const written = await repack(repository, plan.repack, options.packSize ?? PACK_SIZE, hooks, (name) => step('pack-written', name));
    const staying: IndexedPack[] = [...plan.keep, ...written];
    const index = buildIndexFile(repository.current, staying);
    await target.put(indexName(index.id), index.bytes);
    step('index-written', indexName(index.id));
    // The old index files go before the packs they name: at no moment does an index name a missing pack.
    const removing = new PhaseProgress(hooks, 'remove', indexFiles.length + report.packsRemoved);
    for (const name of indexFiles) {
      await target.remove(name);
      step('index-removed', name);
      removing.step();
    }
    for (const pack of [...plan.remove, ...plan.repack.map(({ pack }) => pack)]) {
      await target.remove(packFile(pack));
      step('pack-removed', packFile(pack));
      removing.step(pack.size);
    }
    const bytesAfter = (await target.list('data/')).reduce((sum, entry) => sum + entry.size, 0);
    await options.audit?.({ kind: 'backup.pruned', result: 'ok', details: { count: report.packsRemoved, bytes: bytesBefore - bytesAfter } });
    return { ...report, packsWritten: written.length, indexFilesReplaced: indexFiles.length, bytesBefore, bytesAfter };
  } finally {
    await release();
  }
}

/** Every blob (`type id`) some snapshot's trees reach. A snapshot or tree that does not open stops prune. */
async function usedBlobs(repository: Repository, packs: readonly PrunedPack[], hooks: ProgressOptions): Promise<{ blobs: Set<string>; snapshots: number }> {
  const trees = new Map<string, BlobLocation>();
  for (const pack of packs) {
    for (const entry of pack.entries) if (entry.type === 'tree') trees.set(entry.id.toString('hex'), { pack: pack.pack, generation: pack.generation, type: entry.type, offset: entry.offset, length: entry.length });
  }
  const snapshotFiles = await repository.target.list('snapshots/');
  const scanning = new PhaseProgress(hooks, 'snapshots', snapshotFiles.length);
  const blobs = new Set<string>();
  const walk = async (treeId: string, snapshot: string): Promise<void> => {
    if (blobs.has(blobKey('tree', treeId))) return;
    const location = trees.get(treeId);
    if (location === undefined) throw new BackupFormatError('blobMissing', snapshot, `tree ${treeId}`);
    blobs.add(blobKey('tree', treeId));
    for (const node of decodeTree(await repository.readBlob(treeId, location), packName(location.pack))) {
      if (node.type === 'dir') await walk(node.subtree, snapshot);
      if (node.type === 'file') for (const blob of node.content) blobs.add(blobKey('data', blob));
    }
  };
  for (const { name } of snapshotFiles) {
    const body = readSnapshotFile(await repository.target.get(name), name.slice('snapshots/'.length), repository.keysOf);
    await walk(body.tree, name);
    scanning.step();
  }
  return { blobs, snapshots: snapshotFiles.length };
}

/** Copies the needed blobs of partly used packs into new packs, one generation per pack, each blob opened first: damage is never copied. */
async function repack(
  repository: Repository,
  work: readonly { pack: PrunedPack; entries: IndexedPack['entries'] }[],
  packSize: number,
  hooks: ProgressOptions,
  onWritten: (name: string) => void,
): Promise<IndexedPack[]> {
  const progress = new PhaseProgress(hooks, 'repack', work.length, work.reduce((sum, { pack }) => sum + pack.size, 0));
  const pending = new Map<number, { blobs: SealedBlob[]; bytes: number }>();
  const written: IndexedPack[] = [];
  const flush = async (generation: number): Promise<void> => {
    const batch = pending.get(generation);
    const keys = repository.keysOf(generation);
    if (batch === undefined || batch.blobs.length === 0 || keys === undefined) return;
    const pack = buildPack(keys, batch.blobs);
    await repository.target.put(packName(pack.id), pack.parts);
    written.push({ pack: pack.id, generation, entries: pack.entries });
    pending.delete(generation);
    onWritten(packName(pack.id));
  };
  for (const { pack, entries } of work) {
    const object = packName(pack.pack);
    const bytes = await repository.target.get(object);
    const { generation } = readPackHeader(bytes, pack.pack, repository.keysOf);
    const keys = repository.keysOf(generation);
    if (keys === undefined) throw new BackupFormatError('sealBroken', object, `unknown key generation ${generation}`);
    for (const entry of entries) {
      const sealed = Buffer.from(bytes.subarray(entry.offset, entry.offset + entry.length));
      await openBlob(keys, entry.type, entry.id, sealed, object);
      const batch = pending.get(generation) ?? { blobs: [], bytes: 0 };
      if (batch.blobs.length > 0 && batch.bytes + sealed.length > packSize) {
        await flush(generation);
        pending.set(generation, { blobs: [{ type: entry.type, id: entry.id, sealed }], bytes: sealed.length });
        continue;
      }
      batch.blobs.push({ type: entry.type, id: entry.id, sealed });
      batch.bytes += sealed.length;
      pending.set(generation, batch);
    }
    progress.step(bytes.length);
  }
  for (const generation of [...pending.keys()]) await flush(generation);
  return written;
}
