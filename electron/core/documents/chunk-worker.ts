import { readSync, readvSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { SEALED_CHUNK, openChunksInPlace, sealChunksInPlace } from './container-crypto.js';
import { ContainerError, type ContainerProblem } from './container-error.js';
import { CHUNK_SIZE, TAG_SIZE } from './container-format.js';
import { viewsAfter, writeFullyAt } from './positional-write.js';

/**
 * A thread of ChunkThreads (chunk-threads.ts): seals or opens one batch of a version 2 payload's
 * chunks, computes their leaves (docs/container.md "The signed message") and writes the result to
 * the output file at the batch's own offset, so batches run on every core in any order and only
 * the 32-byte leaves go back to be put in order. A file's batch is read here, straight into one of
 * this thread's reused batch buffers, laid out as in the container, and sealed or opened there in
 * place (container-crypto.ts: one native call per batch); a stream's comes in a buffer moved (not
 * copied), is copied into place, wiped, and goes back the same way to be reused.
 */
/**
 * Where a batch's input is: a buffer moved here (a stream's bytes), or a file this thread reads
 * itself, `length` bytes at `at`, into a buffer of its own reused from batch to batch — the bytes
 * pass through no other thread and no message.
 */
export type ChunkInput = { readonly buffer: Uint8Array } | { readonly file: { readonly fd: number; readonly at: number } };

export type ChunkRequest =
  /** `length` plaintext bytes: chunks `first`…; the batch's final chunk is the file's last when `endsLast`. */
  | ({ readonly op: 'seal'; readonly n: number; readonly key: Uint8Array; readonly first: number; readonly endsLast: boolean; readonly length: number; readonly fd: number; readonly at: number } & ChunkInput)
  /** `length` sealed bytes: chunks `first`…; `lastIndex` is the file's last chunk. `fd` −1: the plaintext comes back. */
  | ({ readonly op: 'open'; readonly n: number; readonly key: Uint8Array; readonly first: number; readonly lastIndex: number; readonly length: number; readonly fd: number; readonly at: number } & ChunkInput);

export interface ChunkReply {
  readonly n: number;
  /** leaf(first), leaf(first + 1)…, 32 bytes each. */
  readonly leaves?: Uint8Array;
  /** The request's buffer (when it came with one), back for reuse. */
  readonly buffer?: Uint8Array;
  /** Opened chunks, in order, when they were not written here. */
  readonly plaintext?: readonly Uint8Array[];
  /** The first damaged chunk of the batch. */
  readonly problem?: { readonly problem: ContainerProblem; readonly chunk?: number };
  /** A read or write that failed, with its errno code (ENOSPC still reads as a full disk). */
  readonly failure?: { readonly message: string; readonly code?: string };
}

const port = parentPort;
if (port === null) throw new Error('chunk-worker runs on a worker thread');

/** Memory of its own is moved; a view into shared memory (rare: small outputs) is copied by the clone. */
const movable = (bytes: Uint8Array): ArrayBuffer[] => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []);

/**
 * Batches are worked on in place, laid out as in the container (chunk i at SEALED_CHUNK·i, with its
 * tag after it): sealed where the plaintext was read, opened where the sealed bytes were read. Each
 * buffer comes back to this list once its write finished; at most the batches in flight on this
 * thread exist at once.
 */
const spare: Buffer[] = [];
const batchBuffer = (bytes: number): Buffer => {
  const found = spare.findIndex((batch) => batch.length >= bytes);
  return found >= 0 ? (spare.splice(found, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(bytes);
};

/** The plaintext's chunks, each at its place in `batch` (a file read here straight there with readv). */
function readPlaintext(request: Extract<ChunkRequest, { op: 'seal' }>, count: number, batch: Buffer): void {
  const views = Array.from({ length: count }, (_, i) => batch.subarray(i * SEALED_CHUNK, i * SEALED_CHUNK + Math.min(CHUNK_SIZE, request.length - i * CHUNK_SIZE)));
  if ('buffer' in request) {
    for (const [i, view] of views.entries()) view.set(request.buffer.subarray(i * CHUNK_SIZE, i * CHUNK_SIZE + view.length));
    return;
  }
  for (let rest = views.filter((view) => view.length > 0), at = request.file.at; rest.length > 0; ) {
    const read = readvSync(request.file.fd, rest, at);
    // A plaintext file that shrank while it was being read.
    if (read === 0) throw Object.assign(new Error('the plaintext file became shorter while it was read'), { code: 'ESOURCECHANGED' });
    at += read;
    rest = viewsAfter(rest, read);
  }
}

/** Seals the batch in place (sealChunksInPlace): the bytes to write, and the leaves. */
function seal(request: Extract<ChunkRequest, { op: 'seal' }>, batch: Buffer, count: number): { leaves: Buffer; sealed: Buffer } {
  const leaves = Buffer.allocUnsafeSlow(32 * count);
  const lastLength = request.length - (count - 1) * CHUNK_SIZE;
  sealChunksInPlace(request.key, batch, count, request.first, request.endsLast, lastLength, leaves);
  return { leaves, sealed: batch.subarray(0, request.length + count * TAG_SIZE) };
}

/** The batch's sealed bytes, read straight into `batch` (a read may return less than asked). */
function readSealed(request: Extract<ChunkRequest, { op: 'open' }>, batch: Buffer): void {
  if ('buffer' in request) return void batch.set(request.buffer.subarray(0, request.length));
  for (let done = 0; done < request.length; ) {
    const read = readSync(request.file.fd, batch, done, request.length - done, request.file.at + done);
    if (read === 0) throw new ContainerError('truncated'); // the container ends early
    done += read;
  }
}

/** Opens every chunk of the batch in place, or none (openChunksInPlace): the plaintext pieces, and the leaves. */
function open(request: Extract<ChunkRequest, { op: 'open' }>, batch: Buffer): { leaves: Buffer; opened: Buffer[] } {
  const count = Math.ceil(request.length / SEALED_CHUNK);
  const leaves = Buffer.allocUnsafeSlow(32 * count);
  const lastLength = request.length - (count - 1) * SEALED_CHUNK;
  openChunksInPlace(request.key, batch, count, request.first, request.lastIndex, lastLength, leaves);
  const opened = Array.from({ length: count }, (_, i) => batch.subarray(i * SEALED_CHUNK, i * SEALED_CHUNK + (i === count - 1 ? lastLength : SEALED_CHUNK) - TAG_SIZE));
  return { leaves, opened };
}

const failureOf = (error: unknown): Omit<ChunkReply, 'n'> => {
  if (error instanceof ContainerError) return { problem: { problem: error.problem, ...(error.detail.chunk === undefined ? {} : { chunk: error.detail.chunk }) } };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return { failure: { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) } };
};

port.on('message', (request: ChunkRequest) => {
  const reply = (answer: Omit<ChunkReply, 'n'>, transfer: ArrayBuffer[] = []) => port.postMessage({ n: request.n, ...answer } satisfies ChunkReply, transfer);
  // A buffer that came goes back (moved) with any answer; a file's bytes stay in this thread's own.
  const given = 'buffer' in request ? { buffer: request.buffer } : {};
  const back = given.buffer === undefined ? [] : movable(given.buffer);
  if (request.op === 'seal') return sealBatch(request, reply, given, back);
  const batch = batchBuffer(request.length);
  let leaves: Buffer;
  let pieces: Buffer[];
  try {
    readSealed(request, batch);
    ({ leaves, opened: pieces } = open(request, batch));
  } catch (error) {
    batch.fill(0, 0, request.length); // wiped already when a chunk failed; what a failed read left
    spare.push(batch);
    return reply({ ...failureOf(error), ...given }, back);
  } finally {
    request.key.fill(0);
  }
  // The memory sink takes the plaintext: the batch's memory moves to the main thread, a view per chunk.
  if (request.fd < 0) return reply({ leaves, ...given, plaintext: pieces }, [leaves.buffer as ArrayBuffer, ...back, batch.buffer as ArrayBuffer]);
  writeFullyAt(request.fd, pieces, request.at, (error) => {
    batch.fill(0, 0, request.length); // decrypted bytes do not linger in memory
    spare.push(batch);
    if (error !== null) return reply(failureOf(error));
    reply({ leaves, ...given }, [leaves.buffer as ArrayBuffer, ...back]);
  });
});

/**
 * Reads the batch into a batch buffer of this thread's, seals it there and writes it with one
 * positioned write; the buffer is reused once the write is done. A stream's buffer is wiped and
 * goes back at once; the batch buffer holds no plaintext after sealing (overwritten in place) and
 * is wiped when the read or the sealing failed.
 */
function sealBatch(request: Extract<ChunkRequest, { op: 'seal' }>, reply: (answer: Omit<ChunkReply, 'n'>, transfer?: ArrayBuffer[]) => void, given: { buffer?: Uint8Array }, back: ArrayBuffer[]): void {
  const count = Math.max(1, Math.ceil(request.length / CHUNK_SIZE));
  const batch = batchBuffer(count * SEALED_CHUNK);
  let result: { leaves: Buffer; sealed: Buffer };
  try {
    readPlaintext(request, count, batch);
    result = seal(request, batch, count);
  } catch (error) {
    batch.fill(0);
    spare.push(batch);
    return reply({ ...failureOf(error), ...given }, back);
  } finally {
    request.key.fill(0);
    if (given.buffer !== undefined) Buffer.from(given.buffer.buffer, given.buffer.byteOffset, request.length).fill(0);
  }
  const { leaves, sealed } = result;
  writeFullyAt(request.fd, [sealed], request.at, (error) => {
    spare.push(batch);
    if (error !== null) return reply(failureOf(error));
    reply({ leaves, ...given }, [leaves.buffer as ArrayBuffer, ...back]);
  });
}
