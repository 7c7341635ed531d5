import { readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { moduleWorker } from '../module-worker.js';
import type { ChunkInput, ChunkReply, ChunkRequest } from './chunk-worker.js';
import { ContainerError } from './container-error.js';
import { CHUNK_SIZE, TAG_SIZE } from './container-format.js';
import { LeafChain } from './leaf-chain.js';

/**
 * Version 2's payload on every core (docs/container.md "Implementation notes"): batches of 16
 * chunks go to worker threads (chunk-worker.ts), each of which reads its batch from the file at its
 * own offset, seals or opens it, computes the leaves and writes the result at the batch's own offset.
 * This thread only hands out batch numbers and puts the leaves in order: no payload byte passes
 * through it (a stream's do: its batch buffers are moved to the thread and back, never copied, and
 * reused). At most a few batches per thread are out at once, so memory stays flat whatever the size.
 */
const BATCH_CHUNKS = 16;
const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;
const IN_FLIGHT_PER_THREAD = 4;

interface Thread {
  readonly worker: Worker;
  busy: number;
}

/** A request before it is numbered (an Omit over each member: the input's two forms stay apart). */
type Request = ChunkRequest extends infer Each ? (Each extends unknown ? Omit<Each, 'n'> : never) : never;

/** The threads, started once per process (a start costs tens of ms) and kept, unreferenced while idle. */
class ChunkThreads {
  readonly #threads: Thread[] = [];
  readonly #waiting = new Map<number, { thread: Thread; resolve: (reply: ChunkReply) => void; reject: (error: Error) => void }>();
  #next = 0;
  broken = false;

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const worker = moduleWorker(import.meta.url, 'chunk-worker');
      const thread: Thread = { worker, busy: 0 };
      worker.unref();
      // Unreferenced again once running: an unref before the thread is online does not hold (a
      // cancel before the first batch left the process waiting for an idle thread).
      worker.once('online', () => thread.busy === 0 && worker.unref());
      worker.on('message', (reply: ChunkReply) => {
        const waiting = this.#waiting.get(reply.n);
        if (waiting === undefined) return;
        this.#waiting.delete(reply.n);
        if (--thread.busy === 0) worker.unref();
        waiting.resolve(reply);
      });
      const fail = (error: Error) => {
        this.broken = true;
        // The pool is replaced at the next use: nothing here keeps the process waiting.
        for (const other of this.#threads) {
          other.busy = 0;
          other.worker.unref();
        }
        for (const [n, waiting] of this.#waiting) {
          this.#waiting.delete(n);
          waiting.reject(error);
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a chunk thread ended with code ${code}`)));
      this.#threads.push(thread);
    }
  }

  get count(): number {
    return this.#threads.length;
  }

  /** On the least busy thread; `buffer`'s memory moves there (unusable here until it comes back). */
  run(request: Request): Promise<ChunkReply> {
    const thread = this.#threads.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    const n = this.#next++;
    return new Promise<ChunkReply>((resolve, reject) => {
      this.#waiting.set(n, { thread, resolve, reject });
      if (thread.busy++ === 0) thread.worker.ref(); // the process waits for a thread at work
      thread.worker.postMessage({ ...request, n }, 'buffer' in request ? [request.buffer.buffer as ArrayBuffer] : []);
    });
  }
}

let shared: ChunkThreads | undefined;
function chunkThreads(): ChunkThreads {
  if (shared === undefined || shared.broken) shared = new ChunkThreads(Math.max(1, availableParallelism()));
  return shared;
}

/** The reply's batch result, or its failure as the error it stands for. */
function outcome(reply: ChunkReply): ChunkReply & { leaves: Uint8Array } {
  if (reply.failure !== undefined) throw Object.assign(new Error(reply.failure.message), reply.failure.code === undefined ? {} : { code: reply.failure.code });
  if (reply.problem !== undefined) throw new ContainerError(reply.problem.problem, reply.problem.chunk === undefined ? {} : { chunk: reply.problem.chunk });
  if (reply.leaves === undefined) throw new Error('a chunk thread answered without leaves');
  return { ...reply, leaves: reply.leaves };
}

const bufferOf = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Batches in flight, taken back in the order they went out: the first failure met is the one of
 * the earliest batch (the file's first damaged chunk), and results are handled in file order.
 */
class InOrder {
  readonly #queue: { readonly work: Promise<ChunkReply>; readonly take: (reply: ChunkReply) => void }[] = [];
  constructor(private readonly limit: number) {}
  /** Sends one more; first hands the oldest to its `take` when more than the limit are out. */
  async send(work: Promise<ChunkReply>, take: (reply: ChunkReply) => void): Promise<void> {
    work.catch(() => undefined); // taken in order below; an earlier failure must not leave this one unhandled
    this.#queue.push({ work, take });
    while (this.#queue.length > this.limit) await this.#takeOldest();
  }
  async drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#takeOldest();
  }
  /** After a failure: every batch still out has finished with the file before it is discarded. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.#queue.splice(0).map((entry) => entry.work));
  }
  async #takeOldest(): Promise<void> {
    const oldest = this.#queue[0];
    if (oldest === undefined) return;
    const reply = await oldest.work;
    this.#queue.shift();
    oldest.take(reply);
  }
}

/**
 * The plaintext: an open regular file of `size` bytes (each thread reads its batches from it at
 * their offsets; it must not change meanwhile — a changed size is refused), or a stream read here.
 */
export type SealSource = { readonly kind: 'file'; readonly fd: number; readonly size: number } | { readonly kind: 'stream'; readonly stream: AsyncIterable<Uint8Array> };

export interface SealOptions {
  readonly source: SealSource;
  readonly payloadKey: Uint8Array;
  /** The output file and where the payload starts in it. */
  readonly fd: number;
  readonly at: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (plaintextBytes: number) => void;
  /** Sealed bytes now in the file (for the background sync). */
  readonly onWritten?: (bytes: number) => void;
}

/** Seals `source` into the payload at `at`; resolves with chunks-digest once every batch is in the file. */
export async function sealPayload(options: SealOptions): Promise<{ chunksDigest: Buffer; plaintextBytes: number; sealedBytes: number }> {
  const threads = chunkThreads();
  const inOrder = new InOrder(IN_FLIGHT_PER_THREAD * threads.count);
  const leaves = new LeafChain();
  const batchBytes = BATCH_CHUNKS * CHUNK_SIZE;
  const free: Buffer[] = [];
  const take = () => free.pop() ?? Buffer.allocUnsafeSlow(batchBytes);
  let index = 0;
  let position = options.at;
  let done = 0;
  const taken = (first: number, length: number, sealed: number) => (reply: ChunkReply) => {
    const result = outcome(reply);
    leaves.put(first, result.leaves);
    if (result.buffer !== undefined) free.push(bufferOf(result.buffer));
    done += length;
    options.onWritten?.(sealed);
    options.onProgress?.(done);
  };
  const send = (input: ChunkInput, length: number, endsLast: boolean) => {
    const count = Math.max(1, Math.ceil(length / CHUNK_SIZE));
    const sealed = length + count * TAG_SIZE;
    const request = { op: 'seal', key: options.payloadKey, first: index, endsLast, length, fd: options.fd, at: position, ...input } as const;
    const handled = taken(index, length, sealed);
    index += count;
    position += sealed;
    return inOrder.send(threads.run(request), handled);
  };
  const source = options.source;
  if (source.kind === 'file') {
    try {
      // Batches in file order, each read by the thread that seals it; the size decides the last.
      for (let offset = 0; ; ) {
        if (options.signal?.aborted === true) throw new ContainerError('cancelled');
        const length = Math.min(batchBytes, source.size - offset);
        await send({ file: { fd: source.fd, at: offset } }, length, offset + length === source.size);
        offset += length;
        if (offset === source.size) break;
      }
      await inOrder.drain();
    } catch (error) {
      await inOrder.settle();
      throw error;
    }
    // Sealed as ending at `size`: a file that grew meanwhile would lose its end unseen.
    if (readSync(source.fd, Buffer.alloc(1), 0, 1, source.size) !== 0) throw Object.assign(new Error('the plaintext file became longer while it was read'), { code: 'ESOURCECHANGED' });
    return { chunksDigest: leaves.digest(), plaintextBytes: done, sealedBytes: position - options.at };
  }
  // A full batch is held until more bytes come: only then is it known not to end the file. Once
  // sent, a buffer is the thread's (its memory moved): these names let go of it first.
  let held: Buffer | undefined;
  let current: Buffer | undefined = take();
  let filled = 0;
  const reader = readerOf(source.stream);
  try {
    for (;;) {
      if (options.signal?.aborted === true) throw new ContainerError('cancelled');
      current ??= take();
      const added = await reader.next(current, filled);
      if (added === 0) break;
      if (held !== undefined) {
        const full = held;
        held = undefined;
        await send({ buffer: full }, batchBytes, false);
      }
      filled += added;
      if (filled === batchBytes) {
        held = current;
        current = undefined;
        filled = 0;
      }
    }
    const full = held;
    const rest = current ?? take();
    const length = filled;
    held = current = undefined;
    if (full !== undefined) await send({ buffer: full }, batchBytes, length === 0);
    if (full === undefined || length > 0) await send({ buffer: rest }, length, true); // an empty source: one empty chunk
    await inOrder.drain();
  } catch (error) {
    await inOrder.settle();
    throw error;
  } finally {
    await reader.close();
    // A plaintext copy not sent (an error, a cancel) is wiped here; sent ones are wiped by the thread.
    held?.fill(0);
    current?.fill(0);
  }
  return { chunksDigest: leaves.digest(), plaintextBytes: done, sealedBytes: position - options.at };
}

/** Adds the next bytes of the plaintext to `buffer` from `filled` (at most to its end); 0 at the end. */
interface BatchReader {
  next(buffer: Buffer, filled: number): Promise<number>;
  close(): Promise<void>;
}

/** A stream's pieces are copied into the batch buffers, a piece split where a batch ends. */
function readerOf(source: AsyncIterable<Uint8Array>): BatchReader {
  const pieces = source[Symbol.asyncIterator]();
  let piece: Buffer = Buffer.alloc(0);
  let offset = 0;
  let ended = false;
  return {
    next: async (buffer, filled) => {
      while (offset === piece.length) {
        const result = await pieces.next();
        if (result.done === true) {
          ended = true;
          return 0;
        }
        piece = bufferOf(result.value);
        offset = 0;
      }
      const copied = piece.copy(buffer, filled, offset);
      offset += copied;
      return copied;
    },
    // A stream left early (an error, a cancel) is closed, as a `for await` that breaks would.
    close: async () => {
      if (!ended) await pieces.return?.();
    },
  };
}

export interface OpenPayloadOptions {
  /** The container, open: each thread reads its batches from it (one ending early is `truncated`). */
  readonly input: number;
  readonly start: number;
  readonly end: number;
  readonly chunks: number;
  readonly payloadKey: Uint8Array;
  /** The plaintext file (written at each chunk's place), or −1 when `onPlaintext` takes the plaintext. */
  readonly fd: number;
  /** Opened chunks in file order (memory and discard sinks); they are the callee's from then on. */
  readonly onPlaintext?: (pieces: Buffer[]) => void;
  /** Plaintext bytes now in the file (for the background sync). */
  readonly onWritten?: (bytes: number) => void;
  readonly signal?: AbortSignal;
  readonly onProgress?: (plaintextBytes: number) => void;
}

/**
 * Opens the payload [start, end) of `chunks` chunks, every batch's leaves computed where it is
 * opened. Throws the first damaged chunk's error in file order (as one thread opening chunk after
 * chunk would); resolves with chunks-digest only when every chunk opened.
 */
export async function openPayload(options: OpenPayloadOptions): Promise<{ chunksDigest: Buffer; plaintextBytes: number }> {
  const threads = chunkThreads();
  const inOrder = new InOrder(IN_FLIGHT_PER_THREAD * threads.count);
  const leaves = new LeafChain();
  let done = 0;
  try {
    for (let index = 0, position = options.start; index < options.chunks; ) {
      if (options.signal?.aborted === true) throw new ContainerError('cancelled');
      const length = Math.min(BATCH_CHUNKS * SEALED_CHUNK, options.end - position);
      const at = position;
      const first = index;
      const count = Math.ceil(length / SEALED_CHUNK);
      const plaintext = length - count * TAG_SIZE;
      index += count;
      position += length;
      const request = { op: 'open', key: options.payloadKey, first, lastIndex: options.chunks - 1, file: { fd: options.input, at }, length, fd: options.fd, at: first * CHUNK_SIZE } as const;
      await inOrder.send(threads.run(request), (reply) => {
        const result = outcome(reply);
        leaves.put(first, result.leaves);
        if (result.plaintext !== undefined) options.onPlaintext?.(result.plaintext.map(bufferOf));
        else options.onWritten?.(plaintext);
        done += plaintext;
        options.onProgress?.(done);
      });
    }
    await inOrder.drain();
  } catch (error) {
    await inOrder.settle();
    throw error;
  }
  return { chunksDigest: leaves.digest(), plaintextBytes: done };
}
