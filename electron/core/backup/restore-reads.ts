import type { BackupTarget } from './backup-target.js';
import { packName } from './pack.js';
import type { BlobLocation } from './repository.js';

/** One blob a restore needs, and how many times it is written (a blob can recur in a file and across files). */
export interface NeededBlob {
  readonly id: string;
  readonly location: BlobLocation;
  uses: number;
}

/** One read of a pack: bytes `offset`… `offset + length` hold `blobs`. */
export interface PackRead {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
  readonly blobs: readonly NeededBlob[];
}

// Blobs of one pack closer than this are read in one piece (the gap read and dropped): cheaper than
// another request on a remote target, and a pack is at most ~16 MiB, which bounds a read.
export const READ_GAP = 1024 * 1024;
// Reads kept for blobs still to be written: a pack or two ahead of the files being restored.
export const KEPT_BYTES = 64 * 1024 * 1024;

/**
 * The reads that fetch every needed blob once: grouped by pack (in the order the packs were first
 * needed), within a pack by offset, neighbours less than READ_GAP apart in one read.
 */
export function packReads(needed: Iterable<NeededBlob>): PackRead[] {
  const byPack = new Map<string, NeededBlob[]>();
  for (const blob of needed) {
    const list = byPack.get(blob.location.pack);
    if (list === undefined) byPack.set(blob.location.pack, [blob]);
    else list.push(blob);
  }
  const reads: PackRead[] = [];
  for (const [pack, blobs] of byPack) {
    blobs.sort((a, b) => a.location.offset - b.location.offset);
    let run: NeededBlob[] = [];
    let start = 0;
    let end = 0;
    for (const blob of blobs) {
      const { offset, length } = blob.location;
      if (run.length > 0 && offset - end > READ_GAP) {
        reads.push({ pack, offset: start, length: end - start, blobs: run });
        run = [];
      }
      if (run.length === 0) start = offset;
      run.push(blob);
      end = Math.max(end, offset + length);
    }
    if (run.length > 0) reads.push({ pack, offset: start, length: end - start, blobs: run });
  }
  return reads;
}

interface ReadState {
  readonly read: PackRead;
  readonly uses: number;
  /** Blob writes still to be served from this read. */
  left: number;
}

/**
 * Sealed blobs for a restore, each pack run read once (docs/backup-repository.md, "Speed"): the
 * first blob asked for from a run reads the whole run, which is kept until its last blob has been
 * asked for. A file's blob offsets are known only once the blobs before it are opened (a tree lists
 * ids, the index sealed lengths), so files are still written in order, blob after blob; a backup
 * puts a file's blobs in consecutive packs, so a run is mostly used up by the next few files. At
 * most KEPT_BYTES of runs are kept (least recently used dropped first); a blob of a dropped run is
 * read alone, so memory stays bounded whatever the order of use.
 */
export class PackReadCache {
  readonly #stateOf = new Map<string, ReadState>();
  readonly #kept = new Map<ReadState, Promise<Buffer>>();
  #keptBytes = 0;
  /** Reads made, for the tests and the bench. */
  reads = 0;

  constructor(
    private readonly target: BackupTarget,
    needed: Iterable<NeededBlob>,
    private readonly limit = KEPT_BYTES,
  ) {
    for (const read of packReads(needed)) {
      const uses = read.blobs.reduce((sum, blob) => sum + blob.uses, 0);
      const state = { read, uses, left: uses };
      for (const blob of read.blobs) this.#stateOf.set(blob.id, state);
    }
  }

  /** The sealed bytes of blob `id` at `location` (one of the needed blobs, or any other: then read alone). */
  async sealed(id: string, location: BlobLocation): Promise<Buffer> {
    const state = this.#stateOf.get(id);
    // A limit of 0 (a local target): every blob read alone.
    const run = state === undefined || this.limit === 0 ? undefined : this.#run(state);
    if (state !== undefined && --state.left === 0) this.#drop(state);
    if (run === undefined || state === undefined) {
      this.reads++;
      return this.target.getRange(packName(location.pack), location.offset, location.length);
    }
    const bytes = await run;
    const at = location.offset - state.read.offset;
    return bytes.subarray(at, at + location.length);
  }

  /** The run's bytes (kept, read now, or none when it has been dropped before its last use). */
  #run(state: ReadState): Promise<Buffer> | undefined {
    const kept = this.#kept.get(state);
    if (kept !== undefined) {
      this.#kept.delete(state);
      this.#kept.set(state, kept); // most recently used last
      return kept;
    }
    if (state.left < state.uses) return undefined; // read before, and dropped since
    for (const [old] of this.#kept) {
      if (this.#keptBytes + state.read.length <= this.limit) break;
      this.#drop(old);
    }
    this.reads++;
    const reading = this.target.getRange(packName(state.read.pack), state.read.offset, state.read.length);
    reading.catch(() => undefined); // thrown to each blob's reader
    this.#kept.set(state, reading);
    this.#keptBytes += state.read.length;
    return reading;
  }

  #drop(state: ReadState): void {
    if (this.#kept.delete(state)) this.#keptBytes -= state.read.length;
  }
}
