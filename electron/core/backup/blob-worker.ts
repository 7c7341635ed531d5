import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { BackupFormatError } from './backup-format-error.js';
import { BackupTargetError } from './backup-target.js';
import { openBlob, sealBlob, type BlobKeys, type BlobType } from './blob-codec.js';
import type { ChunkerKeys } from './chunker-keys.js';
import { READ_BYTES } from './file-chunks.js';
import { closeRestorePacks, restoreFile, type FileJob } from './file-restore-worker.js';
import { KeyedChunker } from './keyed-chunker.js';
import { openPackBlobs } from './pack-data-check.js';
import type { PackEntry } from './pack.js';
import { InPlaceUnsealer } from './sealing.js';

/** The chunker's keys as a message carries them (cloned: the thread's own copies, wiped with the others). */
export interface ChunkerKeyCopy {
  readonly gearA: Uint32Array;
  readonly gearC: Uint32Array;
  readonly cutKey: Uint8Array;
}

/**
 * A worker thread of BlobWorkers (blob-workers.ts): seals and opens blobs (compression, AES-GCM,
 * the id check) off the main thread, and reads and chunks whole files (the keyed chunker and the
 * blob ids), handing each chunk back as the file is read. Holds copies of the seal and blob-id keys
 * of each generation (and the chunker's keys when asked to chunk), overwritten with zeros on
 * `wipe` before the thread is ended.
 */
export type WorkerRequest =
  | { readonly op: 'keys'; readonly generations: readonly { generation: number; sealKey: Uint8Array; blobIdKey: Uint8Array; chunker?: ChunkerKeyCopy }[] }
  | { readonly op: 'seal'; readonly n: number; readonly generation: number; readonly type: BlobType; readonly id: Uint8Array; readonly bytes: Uint8Array }
  | { readonly op: 'open'; readonly n: number; readonly generation: number; readonly type: BlobType; readonly id: Uint8Array; readonly bytes: Uint8Array; readonly object: string }
  /** Open every blob of a whole pack whose hash and header the main thread checked (check with data). */
  | { readonly op: 'openPack'; readonly n: number; readonly generation: number; readonly bytes: Uint8Array; readonly entries: readonly PackEntry[]; readonly object: string }
  /**
   * Read and chunk a file (its path's bytes) from `from` (default 0), taken as a chunk's start (a
   * chain of file-split-chunks.ts); at most CHUNK_CREDIT chunks are sent ahead of the acks.
   */
  | { readonly op: 'chunk'; readonly n: number; readonly generation: number; readonly file: Uint8Array; readonly from?: number }
  /** Write one restored file from local pack files (file-restore-worker.ts); 'wrote' replies, the last with `done`. */
  | ({ readonly op: 'restoreFile'; readonly n: number } & FileJob)
  | { readonly op: 'ack'; readonly n: number }
  | { readonly op: 'stop'; readonly n: number }
  | { readonly op: 'wipe' };

export interface WorkerReply {
  readonly n: number;
  readonly bytes?: Uint8Array;
  /** One chunk of a 'chunk' request, in file order, with where it starts in the file. */
  readonly chunk?: { readonly id: Uint8Array; readonly bytes: Uint8Array; readonly offset: number };
  /** The last reply of a 'chunk' request that succeeded. */
  readonly done?: true;
  /** Bytes of a 'restoreFile' request written since its last reply (progress); its last reply also has `done`. */
  readonly wrote?: number;
  readonly error?: WorkerFailure;
  /** The answer to 'openPack': each blob's chunk length by id (hex), and the blobs that did not open. */
  readonly opened?: { readonly lengths: readonly (readonly [string, number])[]; readonly problems: readonly WorkerFailure[] };
}

/** An error as it crosses between threads: a format problem keeps its kind, object and detail. */
export interface WorkerFailure {
  readonly problem?: BackupFormatError['problem'];
  readonly object?: string;
  readonly detail?: string;
  readonly code?: string;
  /** A target's error (a pack missing or short), rebuilt as a BackupTargetError with `code` and `object`. */
  readonly target?: true;
  readonly message: string;
}

/** Chunks of one file handed over and not yet taken by the main thread: bounds the memory a fast reader holds. */
export const CHUNK_CREDIT = 4;

type ThreadKeys = BlobKeys & { sealKey: Buffer; chunker: Partial<ChunkerKeys> & { blobIdKey: Buffer } };
const keys = new Map<number, ThreadKeys>();
/** Chunking jobs under way: credit left, and the wake-up of a job waiting for an ack. */
const jobs = new Map<number, { credit: number; stopped: boolean; wake: (() => void) | undefined }>();
const port = parentPort;
if (port === null) throw new Error('blob-worker runs on a worker thread');

const bufferOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** The result's own memory when it has it all (transferred, not copied), else a copy that does. */
const owned = (bytes: Buffer): Uint8Array => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));
const failureOf = (error: unknown): WorkerFailure => {
  if (error instanceof BackupFormatError) return { problem: error.problem, object: error.object, detail: error.detail, message: error.message };
  if (error instanceof BackupTargetError) return { target: true, code: error.code, object: error.object, message: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) };
};

function keysOf(generation: number): ThreadKeys {
  const found = keys.get(generation);
  if (found === undefined) throw new Error(`no keys of generation ${generation} on this thread`);
  return found;
}

/** Blobs this thread reads itself (a restore's, a checked pack's) are opened in place, one key schedule per generation. */
const unsealers = new Map<number, InPlaceUnsealer>();
function unsealerOf(generation: number): InPlaceUnsealer {
  let unsealer = unsealers.get(generation);
  if (unsealer === undefined) unsealers.set(generation, (unsealer = new InPlaceUnsealer(keysOf(generation).sealKey)));
  return unsealer;
}

/** Reads the file from `from` in 1 MiB pieces and sends its chunks in order, each with its id, waiting for acks beyond the credit. */
async function chunkFile(n: number, generation: number, file: Uint8Array, from: number): Promise<void> {
  const job = { credit: CHUNK_CREDIT, stopped: false, wake: undefined as (() => void) | undefined };
  jobs.set(n, job);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    const { chunker } = keysOf(generation);
    const { gearA, gearC, cutKey, blobIdKey } = chunker;
    if (gearA === undefined || gearC === undefined || cutKey === undefined) throw new Error('this thread holds no chunker keys');
    const keyed = new KeyedChunker({ gearA, gearC, cutKey, blobIdKey });
    handle = await open(bufferOf(file), 'r');
    for (let ended = false, position = from; !ended; ) {
      // A fresh piece each time: the chunker holds pieces until their chunk is handed out.
      const piece = Buffer.allocUnsafe(READ_BYTES);
      const { bytesRead } = await handle.read(piece, 0, READ_BYTES, position);
      position += bytesRead;
      ended = bytesRead === 0;
      for (const chunk of ended ? keyed.finish() : keyed.push(piece.subarray(0, bytesRead))) {
        while (job.credit === 0 && !job.stopped) await new Promise<void>((resolve) => (job.wake = resolve));
        if (job.stopped) return;
        job.credit--;
        const bytes = owned(chunk.bytes);
        port?.postMessage({ n, chunk: { id: new Uint8Array(chunk.id), bytes, offset: from + chunk.offset } } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
      }
      if (job.stopped) return;
    }
    port?.postMessage({ n, done: true } satisfies WorkerReply);
  } catch (error) {
    if (!job.stopped) port?.postMessage({ n, error: failureOf(error) } satisfies WorkerReply);
  } finally {
    jobs.delete(n);
    await handle?.close().catch(() => undefined);
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.op === 'keys') {
    for (const g of request.generations) {
      // The message's clones are this thread's copies: used as they are, so the wipe reaches them.
      const chunker = g.chunker === undefined ? {} : { gearA: g.chunker.gearA, gearC: g.chunker.gearC, cutKey: bufferOf(g.chunker.cutKey) };
      keys.set(g.generation, { sealKey: bufferOf(g.sealKey), chunker: { blobIdKey: bufferOf(g.blobIdKey), ...chunker } });
    }
    return;
  }
  if (request.op === 'wipe') {
    for (const job of jobs.values()) {
      job.stopped = true;
      job.wake?.();
    }
    for (const k of keys.values()) {
      k.sealKey.fill(0);
      k.chunker.blobIdKey.fill(0);
      k.chunker.gearA?.fill(0);
      k.chunker.gearC?.fill(0);
      k.chunker.cutKey?.fill(0);
    }
    keys.clear();
    for (const unsealer of unsealers.values()) unsealer.destroy();
    unsealers.clear();
    closeRestorePacks();
    port.postMessage({ n: -1 } satisfies WorkerReply);
    return;
  }
  if (request.op === 'ack' || request.op === 'stop') {
    const job = jobs.get(request.n);
    if (job === undefined) return;
    if (request.op === 'stop') job.stopped = true;
    else job.credit++;
    job.wake?.();
    job.wake = undefined;
    return;
  }
  if (request.op === 'restoreFile') {
    // Registered with the chunking jobs: 'stop' and 'wipe' reach it the same way.
    const job = { credit: 0, stopped: false, wake: undefined };
    jobs.set(request.n, job);
    const wrote = (bytes: number) => port.postMessage({ n: request.n, wrote: bytes } satisfies WorkerReply);
    void restoreFile(request, keysOf, unsealerOf, wrote, () => job.stopped)
      .then(
        (rest) => port.postMessage({ n: request.n, wrote: rest, done: true } satisfies WorkerReply),
        (error: unknown) => port.postMessage({ n: request.n, error: failureOf(error) } satisfies WorkerReply),
      )
      .finally(() => jobs.delete(request.n));
    return;
  }
  if (request.op === 'chunk') {
    void chunkFile(request.n, request.generation, request.file, request.from ?? 0);
    return;
  }
  void sealOrOpen(request);
});

/** Several at once: compression runs in the zstd binding's own threads while this one seals the next. */
async function sealOrOpen(request: WorkerRequest & { op: 'seal' | 'open' | 'openPack' }): Promise<void> {
  try {
    const generation = keysOf(request.generation);
    if (request.op === 'openPack') {
      // Entries cross as plain objects: their ids arrive as Uint8Arrays, made Buffers again here.
      const entries = request.entries.map((entry) => ({ ...entry, id: bufferOf(entry.id) }));
      // The pack was transferred to this thread, read for this check only: opened where it lies.
      const opened = await openPackBlobs(bufferOf(request.bytes), entries, generation, request.object, unsealerOf(request.generation));
      port?.postMessage({ n: request.n, opened: { lengths: [...opened.lengths], problems: opened.problems.map(failureOf) } } satisfies WorkerReply);
      return;
    }
    const id = bufferOf(request.id);
    const result = request.op === 'seal' ? await sealBlob(generation, request.type, id, request.bytes) : await openBlob(generation, request.type, id, request.bytes, request.object);
    const bytes = owned(result);
    port?.postMessage({ n: request.n, bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    port?.postMessage({ n: request.n, error: failureOf(error) } satisfies WorkerReply);
  }
}
