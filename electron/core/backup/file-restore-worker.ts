import { closeSync, fchmodSync, futimesSync, openSync, readSync, write } from 'node:fs';
import { BackupTargetError } from './backup-target.js';
import { openBlob, type BlobKeys } from './blob-codec.js';
import type { InPlaceUnsealer } from './sealing.js';
import { targetError } from './targets/folder-target.js';

/**
 * One file of a restore written on a worker thread (blob-worker.ts 'restoreFile'; restore.ts sends
 * it where the target's packs are local files): each blob read from its pack, opened (AES-GCM, the
 * encoding, the id's HMAC: openBlob) and only then written, in file order. The main thread only
 * creates the files (O_EXCL), walks the trees and sets modes and times: no blob crosses between
 * threads (measured: the copies, messages and garbage of the blobs were most of the restore's
 * main-thread time).
 */
export interface FileBlob {
  readonly generation: number;
  readonly id: Uint8Array;
  /** The pack's name on the target (in errors) and its path on this machine (read). */
  readonly pack: string;
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

export interface FileJob {
  /** The file, created (O_EXCL) and opened by the main thread, which closes it after the reply (one process: one fd table). */
  readonly fd: number;
  readonly blobs: readonly FileBlob[];
  /** An identical file this restore wrote before and holds open for reading (its fd): copied from, `blobs` then empty. */
  readonly from?: number;
  /** Set through the fd after the last write (fchmod, futimes: microseconds, not a libuv round trip each on the main thread). */
  readonly mode: number;
  /** The modification (and access) time, in seconds as utimes takes them. */
  readonly mtime: number;
}

// Blobs of one file being read and opened ahead of its writes: one decompresses (the zstd
// binding's threads) while the next is decrypted and hashed here.
const BLOBS_AHEAD = 2;
// Progress is sent per this many bytes written (and the rest with the reply): a message per blob
// woke the main thread thousands of times for a meter that reports every 100 ms.
const PROGRESS_BYTES = 4 * 1024 * 1024;
// Pack files kept open on this thread (least recently used closed first): a file's blobs come from
// a few consecutive packs.
const OPEN_PACKS = 8;
const packs = new Map<string, number>();

/** Reads are synchronous (from the page cache, a copy; no hop to libuv's pool): an fd is never closed under a read. */
function packFd(blob: FileBlob): number {
  let fd = packs.get(blob.path);
  if (fd === undefined) {
    if (packs.size >= OPEN_PACKS) {
      const [oldest, oldestFd] = packs.entries().next().value as [string, number];
      packs.delete(oldest);
      closeSync(oldestFd);
    }
    fd = openSync(blob.path, 'r');
  } else packs.delete(blob.path);
  packs.set(blob.path, fd); // most recently used last
  return fd;
}

// Buffers a sealed blob is read into and opened in (InPlaceUnsealer), given back once its chunk is
// written: a new buffer per blob was most of the threads' garbage collection and page faults.
// Kept at most KEPT_BUFFERS (the blobs in flight on a thread), each a whole number of MiB.
const KEPT_BUFFERS = 8;
const BUFFER_STEP = 1024 * 1024;
const spare: Buffer[] = [];

function takeBuffer(length: number): Buffer {
  const fits = spare.findIndex((buffer) => buffer.length >= length);
  const buffer = fits >= 0 ? (spare.splice(fits, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(Math.ceil(length / BUFFER_STEP) * BUFFER_STEP);
  return buffer.subarray(0, length);
}

function giveBuffer(view: Buffer): void {
  const buffer = Buffer.from(view.buffer, 0, view.buffer.byteLength);
  if (spare.length < KEPT_BUFFERS) spare.push(buffer);
  else {
    // The smallest goes: a large chunk needs a large buffer again.
    spare.sort((a, b) => a.length - b.length);
    if ((spare[0] as Buffer).length < buffer.length) spare[0] = buffer;
  }
}

/** The sealed blob, with the folder target's errors (missing, short…) naming the pack. */
function readSealed(blob: FileBlob): Buffer {
  const sealed = takeBuffer(blob.length);
  try {
    const fd = packFd(blob);
    let filled = 0;
    while (filled < blob.length) {
      const read = readSync(fd, sealed, filled, blob.length - filled, blob.offset + filled);
      if (read === 0) throw new BackupTargetError('short', blob.pack, `${blob.pack} ends before ${blob.offset + blob.length}`);
      filled += read;
    }
    return sealed;
  } catch (error) {
    giveBuffer(sealed);
    throw targetError(error, blob.pack);
  }
}

/** Closes the packs this thread holds open and overwrites its spare buffers (they held plaintext), before the thread ends. */
export function closeRestorePacks(): void {
  for (const fd of packs.values()) closeSync(fd);
  packs.clear();
  for (const buffer of spare) buffer.fill(0);
  spare.length = 0;
}

/**
 * All of `bytes` at the file's position, through libuv's pool: when the kernel throttles writers
 * (many dirty pages), the wait is there while this thread opens the next blobs (a synchronous
 * write made it wait too: measured, a 1 GiB restore's wall time doubled at such moments).
 */
function writeAll(fd: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const from = (at: number): void =>
      void write(fd, bytes, at, bytes.length - at, null, (error, written) => {
        if (error !== null) reject(error);
        else if (at + written < bytes.length) from(at + written);
        else resolve();
      });
    from(0);
  });
}

/** Thrown (and reported) when the main thread stopped the job: a cancel. */
export const STOPPED = 'stopped';

// A copy from an identical file goes in pieces of this size (a stop is seen between them).
const COPY_BYTES = 1024 * 1024;

/** The whole of file `from` (written by this restore, complete) into `fd`: page cache to page cache, nothing to open. */
async function copyFrom(from: number, fd: number, advance: (bytes: number) => void, stopped: () => boolean): Promise<void> {
  const piece = takeBuffer(COPY_BYTES);
  try {
    for (let at = 0; ; ) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stopped()) throw new Error(STOPPED);
      const read = readSync(from, piece, 0, COPY_BYTES, at);
      if (read === 0) return;
      await writeAll(fd, piece.subarray(0, read));
      at += read;
      advance(read);
    }
  } finally {
    giveBuffer(piece);
  }
}

/**
 * Writes the file's blobs in order, then sets its mode and times; `wrote` per PROGRESS_BYTES
 * written; `stopped` asked before each blob. Resolves to the bytes written since the last `wrote`. On a failure or a stop the main thread
 * closes the file and removes it on a cancel, as it does for a file it writes itself.
 */
export async function restoreFile(
  job: FileJob,
  keysOf: (generation: number) => BlobKeys,
  unsealerOf: (generation: number) => InPlaceUnsealer,
  wrote: (bytes: number) => void,
  stopped: () => boolean,
): Promise<number> {
  /** A blob being opened: its buffer (given back once written) and its chunk. */
  const ahead: { sealed: Promise<Buffer>; chunk: Promise<Buffer> }[] = [];
  let next = 0;
  const fill = () => {
    while (next < job.blobs.length && ahead.length < BLOBS_AHEAD) {
      const blob = job.blobs[next++] as FileBlob;
      const sealed = (async () => readSealed(blob))();
      const chunk = sealed.then((bytes) => openBlob(keysOf(blob.generation), 'data', Buffer.from(blob.id), bytes, blob.pack, unsealerOf(blob.generation)));
      chunk.catch(() => undefined); // thrown when its turn comes, never unhandled
      ahead.push({ sealed, chunk });
    }
  };
  let unreported = 0;
  const advance = (bytes: number) => {
    unreported += bytes;
    if (unreported >= PROGRESS_BYTES) {
      wrote(unreported);
      unreported = 0;
    }
  };
  if (job.from !== undefined) await copyFrom(job.from, job.fd, advance, stopped);
  fill();
  try {
    while (ahead.length > 0) {
      // A turn of the event loop per blob, so a stop (a message) is seen between blobs.
      await new Promise((resolve) => setImmediate(resolve));
      if (stopped()) throw new Error(STOPPED);
      const { sealed, chunk } = ahead.shift() as (typeof ahead)[number];
      const bytes = await chunk.catch(async (error: unknown) => {
        await sealed.then(giveBuffer, () => undefined);
        throw error;
      });
      fill();
      try {
        await writeAll(job.fd, bytes);
      } finally {
        giveBuffer(await sealed);
      }
      advance(bytes.length);
    }
    fchmodSync(job.fd, job.mode);
    futimesSync(job.fd, job.mtime, job.mtime);
  } finally {
    // Blobs opened ahead and not written: their buffers back, once they have settled.
    for (const { sealed, chunk } of ahead.splice(0)) void chunk.then(() => undefined, () => undefined).then(() => sealed.then(giveBuffer, () => undefined));
  }
  return unreported;
}
