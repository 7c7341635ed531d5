import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { moduleWorker } from '../module-worker.js';
import { BackupFormatError } from './backup-format-error.js';
import { BackupTargetError, type TargetErrorCode } from './backup-target.js';
import type { BlobType } from './blob-codec.js';
import type { WorkerFailure, WorkerReply, WorkerRequest } from './blob-worker.js';
import type { FileJob } from './file-restore-worker.js';
import type { PackEntry } from './pack.js';
import type { GenerationKeys } from './repository-keys.js';

/** A chunk of a file chunked on a worker thread: its blob id and its bytes (memory of its own). */
export interface WorkerChunk {
  readonly id: Buffer;
  readonly bytes: Buffer;
  /** Where it starts in the file. */
  readonly offset: number;
}

interface ChunkJob {
  readonly thread: Thread;
  readonly ready: WorkerChunk[];
  done: boolean;
  error: Error | undefined;
  wake: (() => void) | undefined;
}

interface Thread {
  readonly worker: Worker;
  busy: number;
  /** Sealed bytes of the files being restored on it (restoreFile): a large file weighs as much as many small ones. */
  restoring: number;
  /** The thread is gone (its 'exit' came): close() has nothing to wait for from it. */
  ended: boolean;
}

function errorOf(error: WorkerFailure): Error {
  if (error.problem !== undefined) return new BackupFormatError(error.problem, error.object ?? '', error.detail);
  if (error.target === true) return new BackupTargetError(error.code as TargetErrorCode, error.object ?? '', error.message);
  // A file-system error keeps its code (ENOENT, EACCES…), as a read on this thread would.
  return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}

function bytesOf(reply: WorkerReply): Buffer {
  if (reply.bytes === undefined) throw new Error('a blob worker answered without bytes');
  return Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
}

/**
 * Seals and opens blobs on worker threads (one per core), so compression and AES-GCM run beside
 * the main thread's walking and writing, and reads and chunks large files there too, so the
 * keyed chunker runs on every core (docs/backup-repository.md, "Speed"). Chunks go over as a copy
 * in memory of their own, transferred (not cloned again); results come back transferred.
 * `close()` has every thread overwrite its key copies with zeros, then ends it.
 */
export class BlobWorkers {
  readonly #threads: Thread[] = [];
  readonly #waiting = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  readonly #jobs = new Map<number, ChunkJob>();
  /**
   * Files being restored, apart from #waiting: a failure of another thread does not settle them
   * (their thread still writes into the caller's fd); only their thread's reply or its end does.
   */
  readonly #restoring = new Map<number, { readonly thread: Thread; readonly wrote: (bytes: number) => void; resolve: () => void; reject: (error: Error) => void }>();
  #next = 0;
  #failed: Error | undefined;

  /** `chunking`: the threads also get the chunker's keys (a backup), else only the seal and blob-id keys. */
  private constructor(generations: readonly GenerationKeys[], count: number, chunking: boolean) {
    for (let i = 0; i < count; i++) {
      const worker = moduleWorker(import.meta.url, 'blob-worker');
      worker.on('message', (reply: WorkerReply) => this.#answer(thread, reply));
      worker.on('error', (error) => this.#fail(error));
      // Before close() no thread ends by itself, whatever its code: one that does (a crash, out of
      // memory, terminated) fails what it held and everything asked after, never left waiting on.
      worker.on('exit', (code) => {
        thread.ended = true;
        this.#fail(new Error(`a blob worker ended with code ${code}`));
        this.#restoringEnded(thread, this.#failed as Error);
      });
      const thread: Thread = { worker, busy: 0, restoring: 0, ended: false };
      const chunker = (g: GenerationKeys) => (chunking ? { chunker: { gearA: g.chunker.gearA, gearC: g.chunker.gearC, cutKey: g.chunker.cutKey } } : {});
      worker.postMessage({ op: 'keys', generations: generations.map((g) => ({ generation: g.generation, sealKey: g.sealKey, blobIdKey: g.chunker.blobIdKey, ...chunker(g) })) } satisfies WorkerRequest);
      this.#threads.push(thread);
    }
  }

  /** `count` threads, by default one per core the process may use. */
  static start(generations: readonly GenerationKeys[], count = availableParallelism(), options: { chunking?: boolean } = {}): BlobWorkers {
    return new BlobWorkers(generations, Math.max(1, count), options.chunking === true);
  }

  /** Blobs being sealed or opened now: the caller keeps this bounded (memory). */
  get inFlight(): number {
    return this.#waiting.size;
  }

  seal(generation: number, type: BlobType, id: Buffer, chunk: Uint8Array): Promise<Buffer> {
    return this.#ask((n) => ({ op: 'seal', n, generation, type, id, bytes: chunk })).then(bytesOf);
  }

  open(generation: number, type: BlobType, id: Buffer, sealed: Uint8Array, object: string): Promise<Buffer> {
    return this.#ask((n) => ({ op: 'open', n, generation, type, id, bytes: sealed, object })).then(bytesOf);
  }

  /**
   * Opens every blob of a whole pack (check with data: the caller has checked its hash and header).
   * The pack's memory is transferred, not copied: the caller's `pack` is empty afterwards.
   */
  async openPack(generation: number, pack: Uint8Array, entries: readonly PackEntry[], object: string): Promise<{ lengths: Map<string, number>; problems: BackupFormatError[] }> {
    const reply = await this.#ask((n) => ({ op: 'openPack', n, generation, bytes: pack, entries, object }));
    const opened = reply.opened ?? { lengths: [], problems: [] };
    return { lengths: new Map(opened.lengths), problems: opened.problems.map((problem) => errorOf(problem) as BackupFormatError) };
  }

  /**
   * Writes one restored file (`job.fd`, open here until the promise settles) on the thread with
   * the fewest bytes of files still to restore, its blobs read there from local pack files (file-restore-worker.ts); `wrote` with the
   * bytes written, every few MiB and at the end. An aborted `signal` stops the thread at its next
   * blob: the promise then rejects (the caller removes the file).
   */
  async restoreFile(job: FileJob, wrote: (bytes: number) => void, signal?: AbortSignal): Promise<void> {
    if (this.#failed !== undefined) throw this.#failed;
    const n = this.#next++;
    const thread = this.#threads.reduce((a, b) => (b.restoring < a.restoring ? b : a));
    const bytes = job.blobs.reduce((sum, blob) => sum + blob.length, 0);
    thread.restoring += bytes;
    const stop = () => thread.worker.postMessage({ op: 'stop', n } satisfies WorkerRequest);
    thread.busy++;
    signal?.addEventListener('abort', stop);
    try {
      await new Promise<void>((resolve, reject) => {
        this.#restoring.set(n, { thread, wrote, resolve, reject });
        thread.worker.postMessage({ op: 'restoreFile', n, ...job } satisfies WorkerRequest);
        if (signal?.aborted === true) stop();
      });
    } finally {
      signal?.removeEventListener('abort', stop);
      this.#restoring.delete(n);
      thread.restoring -= bytes;
      thread.busy--;
    }
  }

  /** Thread numbers (for `chunks`' `thread`), the least busy first. */
  threadsByLoad(): number[] {
    return this.#threads.map((thread, i) => ({ i, busy: thread.busy })).sort((a, b) => a.busy - b.busy).map(({ i }) => i);
  }

  /**
   * The chunks of `file` (its path's bytes), read and chunked on the least busy thread (or
   * `thread`), in order, from `from` (a chain of file-split-chunks.ts: that offset is taken as a
   * chunk's start). The thread sends a few ahead (CHUNK_CREDIT) and waits for each to be taken;
   * leaving the loop early (an error, a cancel, a chain no longer needed) tells it to stop reading.
   */
  async *chunks(generation: number, file: Uint8Array, options: { from?: number; thread?: number } = {}): AsyncGenerator<WorkerChunk> {
    if (this.#failed !== undefined) throw this.#failed;
    const n = this.#next++;
    const thread = (options.thread === undefined ? undefined : this.#threads[options.thread]) ?? this.#leastBusy();
    const job: ChunkJob = { thread, ready: [], done: false, error: undefined, wake: undefined };
    this.#jobs.set(n, job);
    thread.busy++;
    thread.worker.postMessage({ op: 'chunk', n, generation, file: new Uint8Array(file), ...(options.from === undefined ? {} : { from: options.from }) } satisfies WorkerRequest);
    try {
      for (;;) {
        const chunk = job.ready.shift();
        if (chunk !== undefined) {
          yield chunk;
          thread.worker.postMessage({ op: 'ack', n } satisfies WorkerRequest);
          continue;
        }
        if (job.error !== undefined) throw job.error;
        if (job.done) return;
        await new Promise<void>((resolve) => (job.wake = resolve));
      }
    } finally {
      if (!job.done && job.error === undefined) thread.worker.postMessage({ op: 'stop', n } satisfies WorkerRequest);
      this.#jobs.delete(n);
      thread.busy--;
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#threads.map(async ({ worker, ended }) => {
        if (ended) return; // its memory, keys and all, went with it
        const wiped = new Promise<void>((resolve) => {
          worker.on('message', (reply: WorkerReply) => reply.n === -1 && resolve());
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ op: 'wipe' } satisfies WorkerRequest);
        await wiped;
        worker.removeAllListeners('exit');
        await worker.terminate();
      }),
    );
    this.#threads.length = 0;
  }

  #ask(request: (n: number) => WorkerRequest & { bytes: Uint8Array }): Promise<WorkerReply> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const n = this.#next++;
    const thread = this.#leastBusy();
    const message = request(n);
    // A view of part of a larger buffer (a read's pool) is copied, so only its bytes cross over.
    const bytes = message.bytes.byteOffset === 0 && message.bytes.byteLength === message.bytes.buffer.byteLength ? message.bytes : new Uint8Array(message.bytes);
    thread.busy++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(n, { resolve, reject });
      thread.worker.postMessage({ ...message, bytes }, [bytes.buffer as ArrayBuffer]);
    });
  }

  #leastBusy(): Thread {
    return this.#threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  #answer(thread: { busy: number }, reply: WorkerReply): void {
    const job = this.#jobs.get(reply.n);
    if (job !== undefined) {
      if (reply.chunk !== undefined) job.ready.push({ id: Buffer.from(reply.chunk.id), bytes: Buffer.from(reply.chunk.bytes.buffer, reply.chunk.bytes.byteOffset, reply.chunk.bytes.byteLength), offset: reply.chunk.offset });
      else if (reply.error !== undefined) job.error = errorOf(reply.error);
      else job.done = true;
      job.wake?.();
      job.wake = undefined;
      return;
    }
    const restoring = this.#restoring.get(reply.n);
    if (restoring !== undefined) {
      if (reply.wrote !== undefined) restoring.wrote(reply.wrote);
      if (reply.error !== undefined) restoring.reject(errorOf(reply.error));
      else if (reply.done === true) restoring.resolve();
      return;
    }
    const waiting = this.#waiting.get(reply.n);
    if (waiting === undefined) return;
    this.#waiting.delete(reply.n);
    thread.busy--;
    if (reply.error === undefined) waiting.resolve(reply);
    else waiting.reject(errorOf(reply.error));
  }

  /** The thread ended: it writes no more, so the files it was restoring fail. */
  #restoringEnded(thread: Thread, error: Error): void {
    for (const restoring of this.#restoring.values()) if (restoring.thread === thread) restoring.reject(error);
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const { reject } of this.#waiting.values()) reject(error);
    this.#waiting.clear();
    for (const job of this.#jobs.values()) {
      job.error ??= error;
      job.wake?.();
      job.wake = undefined;
    }
  }
}
