import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BackupFormatError } from './backup-format-error.js';
import type { BlobType } from './blob-codec.js';
import type { WorkerReply, WorkerRequest } from './blob-worker.js';
import type { GenerationKeys } from './repository-keys.js';

/**
 * Seals and opens blobs on worker threads (one per core), so compression and AES-GCM run beside
 * the main thread's reading, chunking and writing (docs/backup-repository.md, "Speed"). Chunks
 * go over as a copy in memory of their own, transferred (not cloned again); results come back
 * transferred. `close()` has every thread overwrite its key copies with zeros, then ends it.
 */
export class BlobWorkers {
  readonly #threads: { worker: Worker; busy: number }[] = [];
  readonly #waiting = new Map<number, { resolve: (bytes: Buffer) => void; reject: (error: Error) => void }>();
  #next = 0;
  #failed: Error | undefined;

  private constructor(generations: readonly GenerationKeys[], count: number) {
    // The worker module beside this one, in the same form (.ts under tsx in development and tests,
    // .js when built): an eval'd loader, because tsx's hooks do not reach a worker by themselves.
    const module = new URL(`./blob-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;
    const loader = `const { workerData } = require('node:worker_threads');
(async () => { if (workerData.tsx) (await import('tsx/esm/api')).register(); await import(workerData.module); })();`;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(loader, { eval: true, workerData: { module, tsx: module.endsWith('.ts') } });
      worker.on('message', (reply: WorkerReply) => this.#answer(thread, reply));
      worker.on('error', (error) => this.#fail(error));
      worker.on('exit', (code) => code !== 0 && this.#fail(new Error(`a blob worker ended with code ${code}`)));
      const thread = { worker, busy: 0 };
      worker.postMessage({ op: 'keys', generations: generations.map((g) => ({ generation: g.generation, sealKey: g.sealKey, blobIdKey: g.chunker.blobIdKey })) } satisfies WorkerRequest);
      this.#threads.push(thread);
    }
  }

  /** `count` threads, by default one per core the process may use. */
  static start(generations: readonly GenerationKeys[], count = availableParallelism()): BlobWorkers {
    return new BlobWorkers(generations, Math.max(1, count));
  }

  /** Blobs being sealed or opened now: the caller keeps this bounded (memory). */
  get inFlight(): number {
    return this.#waiting.size;
  }

  seal(generation: number, type: BlobType, id: Buffer, chunk: Uint8Array): Promise<Buffer> {
    return this.#ask((n) => ({ op: 'seal', n, generation, type, id, bytes: chunk }));
  }

  open(generation: number, type: BlobType, id: Buffer, sealed: Uint8Array, object: string): Promise<Buffer> {
    return this.#ask((n) => ({ op: 'open', n, generation, type, id, bytes: sealed, object }));
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#threads.map(async ({ worker }) => {
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

  #ask(request: (n: number) => WorkerRequest & { bytes: Uint8Array }): Promise<Buffer> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const n = this.#next++;
    const thread = this.#threads.reduce((a, b) => (b.busy < a.busy ? b : a));
    const message = request(n);
    // A view of part of a larger buffer (a read's pool) is copied, so only its bytes cross over.
    const bytes = message.bytes.byteOffset === 0 && message.bytes.byteLength === message.bytes.buffer.byteLength ? message.bytes : new Uint8Array(message.bytes);
    thread.busy++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(n, { resolve, reject });
      thread.worker.postMessage({ ...message, bytes }, [bytes.buffer as ArrayBuffer]);
    });
  }

  #answer(thread: { busy: number }, reply: WorkerReply): void {
    const waiting = this.#waiting.get(reply.n);
    if (waiting === undefined) return;
    this.#waiting.delete(reply.n);
    thread.busy--;
    if (reply.bytes !== undefined) waiting.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    else if (reply.error?.problem !== undefined) waiting.reject(new BackupFormatError(reply.error.problem, reply.error.object ?? '', reply.error.detail));
    else waiting.reject(new Error(reply.error?.message ?? 'a blob worker failed'));
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const { reject } of this.#waiting.values()) reject(error);
    this.#waiting.clear();
  }
}
