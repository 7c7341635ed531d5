import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { moduleWorker } from '../module-worker.js';
import type { PayloadReply, PayloadRequest } from './payload-worker.js';
import type { AtomicOutput } from './atomic-output.js';
import { chunkLeaf } from './container-crypto.js';
import { CHUNK_SIZE, TAG_SIZE } from './container-format.js';
import { LeafChain } from './leaf-chain.js';

/**
 * Where a container's bytes go after the cipher: the SHA-256 that the signature covers and,
 * when there is one, the output file. For a large version 1 file both run on the second core
 * (payload-worker.ts), so the main thread only reads and runs AES-GCM; the bytes move there without
 * a copy. A large version 2 payload is sealed or opened on every core instead (chunk-threads.ts).
 *
 * Pieces handed to `hash`, `write` or `hashAndWrite` belong to the pipeline from then on: the
 * caller neither reuses nor wipes them (the worker does, for plaintext). Calls are kept in order.
 */
export interface PayloadPipeline {
  hash(pieces: readonly Buffer[]): Promise<void>;
  /** `plaintext`: the pieces are wiped once written, so no decrypted byte lingers in freed memory. */
  write(pieces: readonly Buffer[], plaintext?: boolean): Promise<void>;
  hashAndWrite(pieces: readonly Buffer[]): Promise<void>;
  digest(): Promise<Buffer>;
  /** Every write has reached the file (not yet synced: `AtomicOutput.commit` does that). */
  drain(): Promise<void>;
  readonly bytesWritten: number;
  /** Stops the work after a failure; resolves once nothing can touch the file any more. */
  dispose(): Promise<void>;
}

/** Below this a worker's start-up (tens of ms) costs more than it saves. */
export const PIPELINE_WORKER_THRESHOLD = 16 * 1024 * 1024;
/** Bytes handed to the worker and not yet done before the caller waits: bounds memory whatever the size. */
const MAX_IN_FLIGHT = 16 * 1024 * 1024;
const MIN_TRANSFER = 4096;

/** Version 1's pipeline: one SHA-256 over header || body, on a worker thread for a large file. */
export function payloadPipeline(expectedBytes: number, output?: AtomicOutput): PayloadPipeline {
  return expectedBytes >= PIPELINE_WORKER_THRESHOLD ? new WorkerPipeline(output) : new LocalPipeline(output);
}

/** A small file on this thread; version 2's leaves too (a large version 2 payload goes to chunk-threads.ts). */
export function localPipeline(output?: AtomicOutput): LocalPipeline {
  return new LocalPipeline(output);
}

const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;

/** The leaves of whole sealed chunks laid end to end in `pieces` (docs/container.md "The signed message"). */
function leavesOf(pieces: readonly Buffer[], first: number, endsLast: boolean): Buffer {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  const count = Math.ceil(total / SEALED_CHUNK);
  const leaves = Buffer.allocUnsafe(32 * count);
  let chunk: Buffer[] = [];
  let filled = 0;
  let index = first;
  const finish = () => {
    chunkLeaf(index, endsLast && index === first + count - 1, ...chunk).copy(leaves, 32 * (index - first));
    chunk = [];
    filled = 0;
    index++;
  };
  for (const piece of pieces) {
    for (let offset = 0; offset < piece.length; ) {
      const take = Math.min(SEALED_CHUNK - filled, piece.length - offset);
      chunk.push(piece.subarray(offset, offset + take));
      filled += take;
      offset += take;
      if (filled === SEALED_CHUNK) finish();
    }
  }
  if (filled > 0) finish();
  return leaves;
}

/** Same thread, for small files: the hash in line, writes batched by AtomicOutput. */
export class LocalPipeline implements PayloadPipeline {
  readonly #hash = createHash('sha256');
  readonly #leaves = new LeafChain();
  constructor(private readonly output: AtomicOutput | undefined) {}

  get bytesWritten(): number {
    return this.output?.bytesWritten ?? 0;
  }
  hash(pieces: readonly Buffer[]): Promise<void> {
    for (const piece of pieces) this.#hash.update(piece);
    return Promise.resolve();
  }
  async write(pieces: readonly Buffer[]): Promise<void> {
    if (this.output === undefined) throw new Error('this pipeline has no output file');
    await this.output.write(...pieces);
  }
  async hashAndWrite(pieces: readonly Buffer[]): Promise<void> {
    await this.hash(pieces);
    await this.write(pieces);
  }
  digest(): Promise<Buffer> {
    return Promise.resolve(this.#hash.digest());
  }
  /**
   * Version 2: the pieces, end to end, are whole sealed chunks numbered from `first` (the final one
   * shorter only when `endsLast`: it is the file's last chunk); written too when `write`.
   */
  async leaves(pieces: readonly Buffer[], first: number, endsLast: boolean, write: boolean): Promise<void> {
    this.#leaves.put(first, leavesOf(pieces, first, endsLast));
    if (write) await this.write(pieces);
  }
  /** chunks-digest: SHA-256 over every leaf, in chunk order. */
  chunksDigest(): Promise<Buffer> {
    return Promise.resolve(this.#leaves.digest());
  }
  async drain(): Promise<void> {
    await this.output?.flush();
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Hash and writes on a worker thread. Pieces that own their whole memory (cipher output, fresh
 * reads) are transferred, not copied; anything else is copied by the structured clone.
 */
class WorkerPipeline implements PayloadPipeline {
  readonly #worker: Worker;
  #inFlight = 0;
  #written = 0;
  #room: (() => void) | undefined;
  #reply: ((reply: PayloadReply) => void) | undefined;
  #failed: Error | undefined;
  #exited: Promise<void>;

  constructor(private readonly output: AtomicOutput | undefined) {
    this.#worker = moduleWorker(import.meta.url, 'payload-worker', { fd: output?.fd ?? -1 });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.on('message', (reply: PayloadReply) => {
      if (reply.failed) this.#failed ??= asError(reply.failed);
      if (reply.done !== undefined) {
        this.#inFlight -= reply.done;
        if (this.#inFlight <= MAX_IN_FLIGHT) this.#room?.();
        return;
      }
      this.#reply?.(reply);
    });
    this.#worker.on('error', (error) => {
      this.#failed ??= error;
      this.#room?.();
      this.#reply?.({});
    });
  }

  get bytesWritten(): number {
    return this.#written;
  }
  hash(pieces: readonly Buffer[]): Promise<void> {
    return this.#send(pieces, { hash: true });
  }
  write(pieces: readonly Buffer[], plaintext = false): Promise<void> {
    return this.#send(pieces, { write: true, plaintext });
  }
  hashAndWrite(pieces: readonly Buffer[]): Promise<void> {
    return this.#send(pieces, { hash: true, write: true });
  }

  async digest(): Promise<Buffer> {
    const reply = await this.#ask('digest');
    if (reply.digest === undefined) throw this.#failed ?? new Error('the hashing thread stopped');
    return Buffer.from(reply.digest);
  }

  async drain(): Promise<void> {
    const reply = await this.#ask('drain');
    if (this.#failed !== undefined) throw this.#failed;
    if (reply.drained !== this.#written) throw new Error(`the writing thread wrote ${reply.drained ?? '?'} of ${this.#written} bytes`);
  }

  async dispose(): Promise<void> {
    await this.#worker.terminate();
    await this.#exited;
  }

  async #send(pieces: readonly Buffer[], flags: { hash?: boolean; write?: boolean; plaintext?: boolean }): Promise<void> {
    if (this.#failed !== undefined) throw this.#failed;
    if (flags.write === true && this.output === undefined) throw new Error('this pipeline has no output file');
    let bytes = 0;
    const transfer: ArrayBuffer[] = [];
    for (const piece of pieces) {
      bytes += piece.length;
      // A piece is moved only when it is the whole of its memory (moving a view would take its
      // neighbours too) and big enough for the move to beat a copy.
      if (piece.length >= MIN_TRANSFER && piece.byteOffset === 0 && piece.buffer.byteLength === piece.length && piece.buffer instanceof ArrayBuffer && !transfer.includes(piece.buffer)) transfer.push(piece.buffer);
    }
    if (flags.write === true) this.#written += bytes;
    this.#inFlight += bytes;
    this.#worker.postMessage({ ...flags, pieces } satisfies PayloadRequest, transfer);
    if (this.#inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (this.#room = resolve));
    this.#room = undefined;
    if (this.#failed !== undefined) throw this.#failed;
  }

  async #ask(op: 'digest' | 'drain'): Promise<PayloadReply> {
    const answer = new Promise<PayloadReply>((resolve) => (this.#reply = resolve));
    this.#worker.postMessage({ op } satisfies PayloadRequest);
    try {
      return await answer;
    } finally {
      this.#reply = undefined;
    }
  }
}

/** The worker's error as an Error with its errno code, so ENOSPC still reads as a full disk. */
function asError(failure: { message: string; code?: string }): Error {
  return Object.assign(new Error(failure.message), failure.code === undefined ? {} : { code: failure.code });
}
