import type { BackupTarget, RangeReader } from './backup-target.js';
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

// Packs kept open at once where blobs are read alone (a local folder): a file's blobs come from a
// few consecutive packs, and four files are restored at a time.
export const OPEN_PACKS = 8;

/** A pack kept open while its planned blobs are read; closed after the last, or when pushed out. */
interface OpenPack {
  readonly reader: Promise<RangeReader>;
  /** Planned blob reads still to come from it. */
  left: number;
  /** Reads under way: a pack pushed out or used up is closed only when they have ended. */
  reading: number;
  closing: boolean;
  released: boolean;
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
  /** Packs opened, for the tests. */
  opened = 0;
  readonly #usesOfPack = new Map<string, number>();
  readonly #open = new Map<string, OpenPack>();
  readonly #closing = new Set<Promise<void>>();

  constructor(
    private readonly target: BackupTarget,
    needed: Iterable<NeededBlob>,
    private readonly limit = KEPT_BYTES,
  ) {
    for (const read of packReads(needed)) {
      const uses = read.blobs.reduce((sum, blob) => sum + blob.uses, 0);
      const state = { read, uses, left: uses };
      for (const blob of read.blobs) this.#stateOf.set(blob.id, state);
      this.#usesOfPack.set(read.pack, (this.#usesOfPack.get(read.pack) ?? 0) + uses);
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
      // A planned blob, each read alone: through its pack kept open where the target can (a local
      // folder; an open and a close per blob were ~0.15 s of the main thread per 256 MiB restored).
      if (state !== undefined && this.limit === 0 && this.target.openRanges !== undefined) return this.#readOpen(location);
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

  async #readOpen(location: BlobLocation): Promise<Buffer> {
    let open = this.#open.get(location.pack);
    if (open === undefined) {
      // The least recently used pack makes room (closed once its reads have ended).
      const oldest = this.#open.size >= OPEN_PACKS ? this.#open.entries().next().value : undefined;
      if (oldest !== undefined) this.#close(...oldest);
      const opening = (this.target.openRanges as (name: string) => Promise<RangeReader>).call(this.target, packName(location.pack));
      opening.catch(() => undefined); // thrown to each blob's reader
      open = { reader: opening, left: this.#usesOfPack.get(location.pack) ?? 0, reading: 0, closing: false, released: false };
      this.opened++;
    } else this.#open.delete(location.pack);
    this.#open.set(location.pack, open); // most recently used last
    open.left--;
    open.reading++;
    try {
      return await (await open.reader).read(location.offset, location.length);
    } finally {
      open.reading--;
      if (open.left <= 0 || open.closing) this.#close(location.pack, open);
    }
  }

  /** Takes the pack out of the open ones; its file is closed now, or when its last read ends. */
  #close(pack: string, open: OpenPack): void {
    if (this.#open.get(pack) === open) this.#open.delete(pack);
    open.closing = true;
    if (open.reading > 0 || open.released) return;
    open.released = true;
    const closing: Promise<void> = open.reader
      .then((reader) => reader.close())
      .catch(() => undefined) // a pack that did not open has nothing to close; a close error loses no data
      .finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }

  /** Closes every pack still open (after the restore, also a failed or cancelled one). */
  async close(): Promise<void> {
    for (const [pack, open] of [...this.#open]) this.#close(pack, open);
    await Promise.all(this.#closing);
  }

  #drop(state: ReadState): void {
    if (this.#kept.delete(state)) this.#keptBytes -= state.read.length;
  }
}
