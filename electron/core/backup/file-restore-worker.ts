import { closeSync, openSync, readSync, write } from 'node:fs';
import { BackupTargetError } from './backup-target.js';
import { openBlob, type BlobKeys } from './blob-codec.js';
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

/** The sealed blob, with the folder target's errors (missing, short…) naming the pack. */
function readSealed(blob: FileBlob): Buffer {
  try {
    const fd = packFd(blob);
    const sealed = Buffer.allocUnsafe(blob.length);
    let filled = 0;
    while (filled < blob.length) {
      const read = readSync(fd, sealed, filled, blob.length - filled, blob.offset + filled);
      if (read === 0) throw new BackupTargetError('short', blob.pack, `${blob.pack} ends before ${blob.offset + blob.length}`);
      filled += read;
    }
    return sealed;
  } catch (error) {
    throw targetError(error, blob.pack);
  }
}

/** Closes the packs this thread holds open (at the end of a restore, before the thread ends). */
export function closeRestorePacks(): void {
  for (const fd of packs.values()) closeSync(fd);
  packs.clear();
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

/**
 * Writes the file's blobs in order; `wrote` per PROGRESS_BYTES written; `stopped` asked before each
 * blob. Resolves to the bytes written since the last `wrote`. On a failure or a stop the main thread
 * closes the file and removes it on a cancel, as it does for a file it writes itself.
 */
export async function restoreFile(job: FileJob, keysOf: (generation: number) => BlobKeys, wrote: (bytes: number) => void, stopped: () => boolean): Promise<number> {
  const ahead: Promise<Buffer>[] = [];
  let next = 0;
  const fill = () => {
    while (next < job.blobs.length && ahead.length < BLOBS_AHEAD) {
      const blob = job.blobs[next++] as FileBlob;
      const opening = (async () => openBlob(keysOf(blob.generation), 'data', Buffer.from(blob.id), readSealed(blob), blob.pack))();
      opening.catch(() => undefined); // thrown when its turn comes, never unhandled
      ahead.push(opening);
    }
  };
  let unreported = 0;
  fill();
  while (ahead.length > 0) {
    // A turn of the event loop per blob, so a stop (a message) is seen between blobs.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopped()) throw new Error(STOPPED);
    const bytes = await (ahead.shift() as Promise<Buffer>);
    fill();
    await writeAll(job.fd, bytes);
    unreported += bytes.length;
    if (unreported >= PROGRESS_BYTES) {
      wrote(unreported);
      unreported = 0;
    }
  }
  return unreported;
}
