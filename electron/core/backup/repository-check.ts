import { availableParallelism } from 'node:os';
import { BackupFormatError, type BackupProblem } from './backup-format-error.js';
import { BlobWorkers } from './blob-workers.js';
import { readIndexFile, type IndexedPack } from './index-file.js';
import { parseKeyFile } from './key-files.js';
import { parseKeyState } from './key-state.js';
import { readLock } from './locks.js';
import { PhaseProgress, type ProgressOptions } from './backup-progress.js';
import { openPackBlobs, packInDataSubset, type ReadData } from './pack-data-check.js';
import { packName, readPackHeader, type PackEntry } from './pack.js';
import { parseConfig } from './repository-config.js';
import type { BlobLocation, Repository } from './repository.js';
import { readSnapshotFile } from './snapshot-file.js';
import { decodeTree } from './tree.js';

export interface CheckFinding {
  /** The damaged file, as named on the target. */
  readonly object: string;
  readonly problem: BackupProblem;
  readonly detail?: string;
}

export interface CheckOptions {
  /** Also open the blobs of every pack, or of one part of them (docs/backup-repository.md, "Check with data"). */
  readonly readData?: ReadData;
  /** Worker threads opening the blobs; 0 opens them on this thread. Default: one per core when the packs to open hold at least 16 MiB. */
  readonly workers?: number;
}

const WORKERS_FROM_BYTES = 16 * 1024 * 1024;

export interface CheckReport {
  readonly problems: readonly CheckFinding[];
  /** Packs whose blobs were opened (check with data), and the blobs opened. */
  readonly dataPacks: number;
  readonly dataBlobs: number;
  /** Not damage: packs an interrupted backup left without an index (the next backup reuses them). */
  readonly unindexedPacks: readonly string[];
  readonly packs: number;
  readonly snapshots: number;
}

const entryKey = (entry: PackEntry) => `${entry.type} ${entry.id.toString('hex')} ${entry.offset} ${entry.length}`;

/**
 * The structure check (docs/backup-repository.md, "Check"): every file read, every problem named;
 * with `readData`, also every blob of the chosen packs opened and every file's size compared with
 * its blobs'. Progress: phase `packs` (done/total packs, bytes read), then `snapshots`.
 */
export async function checkRepository(repository: Repository, options: CheckOptions = {}, hooks: ProgressOptions = {}): Promise<CheckReport> {
  const { target } = repository;
  const readData = options.readData ?? 'none';
  packInDataSubset('00000000', readData); // a subset that does not exist is refused before anything is read
  const problems: CheckFinding[] = [];
  const attempt = async <T>(object: string, work: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      problems.push({ object: error.object === '' ? object : error.object, problem: error.problem, ...(error.message === '' ? {} : { detail: error.message }) });
      return undefined;
    }
  };
  const release = await repository.lock(false);
  try {
    await attempt('config', async () => {
      const config = parseConfig(await target.get('config'));
      if (config.id !== repository.config.id || config.keyCheck !== repository.config.keyCheck) throw new BackupFormatError('keyCheckMismatch', 'config');
    });
    for (const { name } of await target.list('keys/')) await attempt(name, async () => parseKeyFile(await target.get(name), name.slice('keys/'.length)));
    for (const { name } of await target.list('locks/')) await attempt(name, async () => readLock(await target.get(name), name, repository.keysOf));
    // A damaged or forged key-state record vouches for nothing when opening; check names it.
    for (const { name } of await target.list('keystate/')) await attempt(name, async () => parseKeyState(await target.get(name), name.slice('keystate/'.length)));

    // The packs' own headers say where blobs are (an index is only their cache): a damaged index
    // file is then one problem, not one per snapshot that needs its blobs.
    const headers = new Map<string, Set<string> | undefined>();
    const blobs = new Map<string, BlobLocation>();
    const chunkLengths = new Map<string, number>();
    let dataPacks = 0;
    const packFiles = await target.list('data/');
    const packProgress = new PhaseProgress(hooks, 'packs', packFiles.length, packFiles.reduce((sum, entry) => sum + entry.size, 0));
    // With worker threads this thread reads each pack and checks its hash and header, then hands the
    // whole pack over (transferred) to have its blobs opened there, while it reads the next one.
    const toOpen = packFiles.filter(({ name }) => packInDataSubset(name.slice(name.lastIndexOf('/') + 1), readData));
    const threads = options.workers ?? (toOpen.reduce((sum, entry) => sum + entry.size, 0) >= WORKERS_FROM_BYTES ? availableParallelism() : 0);
    const workers = threads > 0 && toOpen.length > 0 ? BlobWorkers.start(repository.allGenerations, threads) : undefined;
    const opening = new Set<Promise<unknown>>();
    /** Each pack's opened blobs, in pack order (so the problems are listed as without threads). */
    const opened: Promise<{ lengths: Map<string, number>; problems: BackupFormatError[] }>[] = [];
    try {
      for (const { name, size } of packFiles) {
        const id = name.slice(name.lastIndexOf('/') + 1);
        const header = await attempt(name, async () => {
          if (name !== packName(id)) throw new BackupFormatError('malformed', name, 'not where its name puts it');
          const bytes = await target.get(name);
          const read = readPackHeader(bytes, id, repository.keysOf);
          const keys = repository.keysOf(read.generation);
          if (keys !== undefined && packInDataSubset(id, readData)) {
            dataPacks++;
            if (workers === undefined) {
              const pack = openPackBlobs(bytes, read.entries, keys, name);
              opened.push(pack);
              await pack; // one pack at a time on this thread
            } else {
              const pack = workers.openPack(read.generation, bytes, read.entries, name);
              opened.push(pack);
              const settled: Promise<unknown> = pack.then(
                () => opening.delete(settled),
                () => opening.delete(settled),
              );
              opening.add(settled);
              // Two packs per thread in flight: the threads stay busy, memory stays at a few packs.
              while (opening.size >= 2 * threads) await Promise.race(opening);
            }
          }
          return read;
        });
        packProgress.step(size);
        headers.set(id, header === undefined ? undefined : new Set(header.entries.map(entryKey)));
        for (const entry of header?.entries ?? []) blobs.set(entry.id.toString('hex'), { pack: id, generation: header?.generation ?? 0, type: entry.type, offset: entry.offset, length: entry.length });
      }
      for (const result of await Promise.all(opened)) {
        for (const [blob, length] of result.lengths) chunkLengths.set(blob, length);
        for (const error of result.problems) problems.push({ object: error.object, problem: error.problem, detail: error.message });
      }
    } finally {
      await Promise.allSettled(opened);
      await workers?.close();
    }

    const indexed = new Set<string>();
    const indexedBlobs = new Set<string>();
    let indexDamaged = false;
    for (const { name } of await target.list('index/')) {
      const packs = await attempt(name, async () => readIndexFile(await target.get(name), name.slice('index/'.length), repository.keysOf));
      indexDamaged ||= packs === undefined;
      for (const pack of packs ?? []) {
        indexed.add(pack.pack);
        compareWithPack(name, pack, headers, problems);
        for (const entry of pack.entries) indexedBlobs.add(entry.id.toString('hex'));
      }
    }
    // A snapshot's blobs must be in an index (the write order); when an index file is damaged it is
    // the one named, not every snapshot that needed it.
    const unindexed = (blob: string) => !indexDamaged && !indexedBlobs.has(blob);

    const snapshots = await target.list('snapshots/');
    const treesSeen = new Set<string>();
    const snapshotProgress = new PhaseProgress(hooks, 'snapshots', snapshots.length);
    for (const { name } of snapshots) {
      const body = await attempt(name, async () => readSnapshotFile(await target.get(name), name.slice('snapshots/'.length), repository.keysOf));
      if (body === undefined) continue;
      const walk = async (treeId: string): Promise<void> => {
        if (treesSeen.has(treeId)) return;
        treesSeen.add(treeId);
        const location = blobs.get(treeId);
        if (location === undefined || location.type !== 'tree') {
          problems.push({ object: name, problem: 'blobMissing', detail: `tree ${treeId}` });
          return;
        }
        if (unindexed(treeId)) problems.push({ object: name, problem: 'blobMissing', detail: `tree ${treeId} is in no index` });
        const nodes = await attempt(packName(location.pack), async () => decodeTree(await repository.readBlob(treeId, location), packName(location.pack)));
        for (const node of nodes ?? []) {
          if (node.type === 'dir') await walk(node.subtree);
          if (node.type === 'file') {
            for (const blob of node.content) {
              if (blobs.get(blob)?.type !== 'data') problems.push({ object: name, problem: 'blobMissing', detail: `data ${blob}` });
              else if (unindexed(blob)) problems.push({ object: name, problem: 'blobMissing', detail: `data ${blob} is in no index` });
            }
            const lengths = node.content.map((blob) => chunkLengths.get(blob));
            const size = lengths.every((length) => length !== undefined) ? lengths.reduce((sum: number, length) => sum + (length ?? 0), 0) : undefined;
            if (size !== undefined && size !== node.size) problems.push({ object: name, problem: 'malformed', detail: `a file of tree ${treeId} says ${node.size} bytes, its blobs hold ${size}` });
          }
        }
      };
      await walk(body.tree);
      snapshotProgress.step();
    }
    const unindexedPacks = [...headers.keys()].filter((id) => !indexed.has(id)).map(packName);
    return { problems, dataPacks, dataBlobs: chunkLengths.size, unindexedPacks, packs: headers.size, snapshots: snapshots.length };
  } finally {
    await release();
  }
}

function compareWithPack(indexFile: string, pack: IndexedPack, headers: ReadonlyMap<string, Set<string> | undefined>, problems: CheckFinding[]): void {
  if (!headers.has(pack.pack)) {
    problems.push({ object: indexFile, problem: 'packMissing', detail: packName(pack.pack) });
    return;
  }
  const header = headers.get(pack.pack);
  if (header === undefined) return; // the pack itself is reported
  const listed = pack.entries.map(entryKey);
  if (listed.length !== header.size || !listed.every((key) => header.has(key))) problems.push({ object: indexFile, problem: 'indexMismatch', detail: packName(pack.pack) });
}
