import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { AtomicOutput } from './atomic-output.js';
import { chunkIv } from './container-crypto.js';
import { CHUNK_SIZE, TAG_SIZE } from './container-format.js';

/**
 * Where a container's bytes go after the cipher: the SHA-256 that the signature covers and,
 * when there is one, the output file. For a large file both run on the second core, so the main
 * thread only reads and runs AES-GCM; the bytes move there without a copy.
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
  /**
   * Version 2: the pieces, end to end, are whole sealed chunks numbered from `first` (the final one
   * shorter only when `endsLast`: it is the file's last chunk); each gets its leaf, on whichever
   * thread is free, and the pieces are written when `write`.
   */
  leaves(pieces: readonly Buffer[], first: number, endsLast: boolean, write: boolean): Promise<void>;
  /** chunks-digest: SHA-256 over every leaf, in chunk order. */
  chunksDigest(): Promise<Buffer>;
  /** Every write has reached the file (not yet synced: `AtomicOutput.commit` does that). */
  drain(): Promise<void>;
  readonly bytesWritten: number;
  /** Stops the work after a failure; resolves once nothing can touch the file any more. */
  dispose(): Promise<void>;
}

/** Below this a worker's start-up (tens of ms) costs more than it saves. */
const PIPELINE_WORKER_THRESHOLD = 16 * 1024 * 1024;
/** Bytes handed to the worker and not yet done before the caller waits: bounds memory whatever the size. */
const MAX_IN_FLIGHT = 16 * 1024 * 1024;
const MIN_TRANSFER = 4096;
/** Leaf bytes queued at the worker above which the caller's thread hashes its batch itself. */
const LOCAL_LEAVES_ABOVE = 2 * 1024 * 1024;

export function payloadPipeline(expectedBytes: number, output?: AtomicOutput): PayloadPipeline {
  return expectedBytes >= PIPELINE_WORKER_THRESHOLD ? new WorkerPipeline(output) : new LocalPipeline(output);
}

const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;

/** The leaves of whole sealed chunks laid end to end in `pieces` (docs/container.md "The signed message"). */
function leavesOf(pieces: readonly Buffer[], first: number, endsLast: boolean): Buffer {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  const count = Math.ceil(total / SEALED_CHUNK);
  const leaves = Buffer.allocUnsafe(32 * count);
  let hash: Hash | undefined;
  let index = first;
  let filled = 0;
  const finish = () => {
    hash?.digest().copy(leaves, 32 * (index - first));
    hash = undefined;
    filled = 0;
    index++;
  };
  for (const piece of pieces) {
    for (let offset = 0; offset < piece.length; ) {
      hash ??= createHash('sha256').update(chunkIv(index, endsLast && index === first + count - 1));
      const take = Math.min(SEALED_CHUNK - filled, piece.length - offset);
      hash.update(piece.subarray(offset, offset + take));
      filled += take;
      offset += take;
      if (filled === SEALED_CHUNK) finish();
    }
  }
  if (hash !== undefined) finish();
  return leaves;
}

/** Leaves arrive from two threads; they are folded into chunks-digest in chunk order. */
class LeafChain {
  readonly #hash = createHash('sha256');
  readonly #waiting = new Map<number, Buffer>();
  #next = 0;
  put(first: number, leaves: Uint8Array): void {
    this.#waiting.set(first, Buffer.from(leaves.buffer, leaves.byteOffset, leaves.length));
    for (let ready = this.#waiting.get(this.#next); ready !== undefined; ready = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next);
      this.#hash.update(ready);
      this.#next += ready.length / 32;
    }
  }
  digest(): Buffer {
    if (this.#waiting.size > 0) throw new Error('a batch of leaves is missing');
    return this.#hash.digest();
  }
}

/** Same thread, for small files: the hash in line, writes batched by AtomicOutput. */
class LocalPipeline implements PayloadPipeline {
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
  async leaves(pieces: readonly Buffer[], first: number, endsLast: boolean, write: boolean): Promise<void> {
    this.#leaves.put(first, leavesOf(pieces, first, endsLast));
    if (write) await this.write(pieces);
  }
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

// CommonJS, run by the worker as given: no file to resolve, the same under tsx, dist and Electron.
// The hash runs on this thread; the writes are handed to libuv's pool (the kernel's copy into the
// page cache then overlaps the hashing), each at its own offset, and acknowledged only when done,
// so the caller's back-pressure covers them. A background data sync every 64 MiB lets the disk work
// meanwhile, so the sync before the rename has little left.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { writev, fdatasync } = require('node:fs');
const SYNC_EVERY = 64 * 1024 * 1024;
const SEALED_CHUNK = ${SEALED_CHUNK};
const hash = createHash('sha256');
const fd = workerData.fd;
let position = 0;
let unsynced = 0;
let syncing = false;
let writing = 0;
let failed = null;
let drainWaiting = false;
const fail = (error) => { failed ??= { message: String(error && error.message), code: error && error.code }; };
function answerDrain() {
  if (drainWaiting && writing === 0 && !syncing) { drainWaiting = false; parentPort.postMessage({ drained: position, failed }); }
}
function syncSometimes() {
  if (unsynced < SYNC_EVERY || syncing || failed !== null) return;
  unsynced = 0;
  syncing = true;
  fdatasync(fd, (error) => { syncing = false; if (error) fail(error); answerDrain(); });
}
// Writes the views at 'at', finishing short writes; calls back once all is written or failed.
function writeAt(views, at, callback) {
  writev(fd, views, at, (error, written) => {
    if (error) return callback(error);
    let rest = views;
    let skip = written;
    while (rest.length > 0 && skip >= rest[0].length) { skip -= rest[0].length; rest = rest.slice(1); }
    if (rest.length === 0) return callback(null);
    if (skip > 0) rest = [rest[0].subarray(skip), ...rest.slice(1)];
    writeAt(rest, at + written, callback);
  });
}
// Version 2's leaves, as leavesOf() in payload-pipeline.ts: SHA-256(u88(i) || flag || sealed chunk).
function leavesOf(pieces, first, endsLast) {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  const count = Math.ceil(total / SEALED_CHUNK);
  const leaves = Buffer.allocUnsafe(32 * count);
  const iv = Buffer.alloc(12);
  let leaf = null, index = first, filled = 0;
  const finish = () => { leaf.digest().copy(leaves, 32 * (index - first)); leaf = null; filled = 0; index++; };
  for (const piece of pieces) {
    for (let offset = 0; offset < piece.length; ) {
      if (leaf === null) { iv.writeUIntBE(index, 5, 6); iv[11] = endsLast && index === first + count - 1 ? 1 : 0; leaf = createHash('sha256').update(iv); }
      const take = Math.min(SEALED_CHUNK - filled, piece.length - offset);
      leaf.update(piece.subarray(offset, offset + take));
      filled += take;
      offset += take;
      if (filled === SEALED_CHUNK) finish();
    }
  }
  if (leaf !== null) finish();
  return leaves;
}
parentPort.on('message', (message) => {
  if (message.op === 'digest') return parentPort.postMessage({ digest: hash.digest() });
  if (message.op === 'barrier') return parentPort.postMessage({ barrier: true });
  if (message.op === 'drain') { drainWaiting = true; return answerDrain(); }
  const pieces = message.pieces;
  let bytes = 0;
  for (const piece of pieces) bytes += piece.length;
  const finish = () => {
    if (message.plaintext) for (const piece of pieces) piece.fill(0);
    parentPort.postMessage({ done: bytes, failed });
  };
  try {
    if (failed === null && message.hash) for (const piece of pieces) hash.update(piece);
    if (failed === null && message.leaves) {
      const leaves = leavesOf(pieces, message.leaves.first, message.leaves.endsLast);
      parentPort.postMessage({ leaves, first: message.leaves.first, hashed: bytes }, [leaves.buffer]);
    }
  } catch (error) { fail(error); }
  if (!message.write || failed !== null) return finish();
  const at = position;
  position += bytes;
  unsynced += bytes;
  writing++;
  writeAt(pieces, at, (error) => {
    writing--;
    if (error) fail(error);
    finish();
    syncSometimes();
    answerDrain();
  });
});`;

interface WorkerReply {
  readonly done?: number;
  readonly leaves?: Uint8Array;
  readonly first?: number;
  readonly hashed?: number;
  readonly digest?: Uint8Array;
  readonly drained?: number;
  readonly failed?: { message: string; code?: string } | null;
}

/**
 * Hash and writes on a worker thread. Pieces that own their whole memory (cipher output, fresh
 * reads) are transferred, not copied; anything else is copied by the structured clone.
 */
class WorkerPipeline implements PayloadPipeline {
  readonly #worker: Worker;
  #inFlight = 0;
  /** Bytes sent for leaves and not yet hashed there: above LOCAL_LEAVES_ABOVE, this thread hashes too. */
  #leafBacklog = 0;
  readonly #leaves = new LeafChain();
  #written = 0;
  #room: (() => void) | undefined;
  #reply: ((reply: WorkerReply) => void) | undefined;
  #failed: Error | undefined;
  #exited: Promise<void>;

  constructor(private readonly output: AtomicOutput | undefined) {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { fd: output?.fd ?? -1 } });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.on('message', (reply: WorkerReply) => {
      if (reply.failed) this.#failed ??= asError(reply.failed);
      if (reply.leaves !== undefined) {
        this.#leafBacklog -= reply.hashed ?? 0;
        this.#leaves.put(reply.first ?? 0, reply.leaves);
        return;
      }
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

  leaves(pieces: readonly Buffer[], first: number, endsLast: boolean, write: boolean): Promise<void> {
    // Leaves need no order, so the work goes where there is room: to the worker while it keeps up,
    // else on this thread (which then waits less for the worker): both cores stay busy.
    if (this.#leafBacklog >= LOCAL_LEAVES_ABOVE) {
      this.#leaves.put(first, leavesOf(pieces, first, endsLast));
      return write ? this.#send(pieces, { write: true }) : Promise.resolve();
    }
    for (const piece of pieces) this.#leafBacklog += piece.length;
    return this.#send(pieces, { leaves: { first, endsLast }, write });
  }

  async chunksDigest(): Promise<Buffer> {
    await this.#ask('barrier'); // the worker answers in order: every leaf is here before this reply
    if (this.#failed !== undefined) throw this.#failed;
    return this.#leaves.digest();
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

  async #send(pieces: readonly Buffer[], flags: { hash?: boolean; write?: boolean; plaintext?: boolean; leaves?: { first: number; endsLast: boolean } }): Promise<void> {
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
    this.#worker.postMessage({ ...flags, pieces }, transfer);
    if (this.#inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (this.#room = resolve));
    this.#room = undefined;
    if (this.#failed !== undefined) throw this.#failed;
  }

  async #ask(op: 'digest' | 'drain' | 'barrier'): Promise<WorkerReply> {
    const answer = new Promise<WorkerReply>((resolve) => (this.#reply = resolve));
    this.#worker.postMessage({ op });
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
