import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { chunkLeaf, openChunk, sealChunk } from './container-crypto.js';
import { ContainerError, type ContainerProblem } from './container-error.js';
import { CHUNK_SIZE, TAG_SIZE } from './container-format.js';
import { writeFullyAt } from './positional-write.js';

/**
 * A thread of ChunkThreads (chunk-threads.ts): seals or opens one batch of a version 2 payload's
 * chunks, computes their leaves (docs/container.md "The signed message") and writes the result to
 * the output file at the batch's own offset, so batches run on every core in any order and only
 * the 32-byte leaves go back to be put in order. A file's batch is read here, straight into this
 * thread's own reused buffer; a stream's comes in a buffer moved (not copied) that goes back the
 * same way to be reused. Plaintext is wiped here once sealed.
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

const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;
const port = parentPort;
if (port === null) throw new Error('chunk-worker runs on a worker thread');

/** Memory of its own is moved; a view into shared memory (rare: small outputs) is copied by the clone. */
const movable = (bytes: Uint8Array): ArrayBuffer[] => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []);

/** This thread's read buffer: one, grown to the largest batch, reused by every batch read here. */
let own: Buffer | undefined;

/** The batch's input bytes; a file's read here in full (a read may return less than asked). */
function inputOf(request: ChunkRequest): Buffer {
  if ('buffer' in request) return Buffer.from(request.buffer.buffer, request.buffer.byteOffset, request.length);
  if (own === undefined || own.length < request.length) own = Buffer.allocUnsafeSlow(request.length);
  const bytes = own.subarray(0, request.length);
  for (let done = 0; done < request.length; ) {
    const read = readSync(request.file.fd, bytes, done, request.length - done, request.file.at + done);
    if (read === 0) {
      // A container ends early (truncated); a plaintext file shrank while it was being read.
      if (request.op === 'open') throw new ContainerError('truncated');
      throw Object.assign(new Error('the plaintext file became shorter while it was read'), { code: 'ESOURCECHANGED' });
    }
    done += read;
  }
  return bytes;
}

function seal(request: Extract<ChunkRequest, { op: 'seal' }>, plain: Buffer): { leaves: Buffer; out: Buffer[] } {
  const count = Math.max(1, Math.ceil(request.length / CHUNK_SIZE));
  const leaves = Buffer.allocUnsafeSlow(32 * count);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const index = request.first + i;
    const last = request.endsLast && i === count - 1;
    const [body, tag] = sealChunk(request.key, index, last, plain.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
    chunkLeaf(index, last, body, tag).copy(leaves, 32 * i);
    out.push(body, tag);
  }
  return { leaves, out };
}

/** Opens every chunk of the batch or none: on the first damaged one, what was opened is wiped. */
function open(request: Extract<ChunkRequest, { op: 'open' }>, sealed: Buffer): { leaves: Buffer; opened: Buffer[] } {
  const count = Math.ceil(request.length / SEALED_CHUNK);
  const leaves = Buffer.allocUnsafeSlow(32 * count);
  const opened: Buffer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const index = request.first + i;
      const last = index === request.lastIndex;
      const chunk = sealed.subarray(i * SEALED_CHUNK, (i + 1) * SEALED_CHUNK);
      chunkLeaf(index, last, chunk).copy(leaves, 32 * i);
      opened.push(openChunk(request.key, index, last, chunk));
    }
  } catch (error) {
    for (const piece of opened) piece.fill(0);
    throw error;
  }
  return { leaves, opened };
}

port.on('message', (request: ChunkRequest) => {
  const reply = (answer: Omit<ChunkReply, 'n'>, transfer: ArrayBuffer[] = []) => port.postMessage({ n: request.n, ...answer } satisfies ChunkReply, transfer);
  // A buffer that came goes back (moved) with any answer; a file's bytes stay in this thread's own.
  const given = 'buffer' in request ? { buffer: request.buffer } : {};
  const back = given.buffer === undefined ? [] : movable(given.buffer);
  // The plaintext's last copy on this side (whatever part of it was read), wiped before any answer.
  const wipe = () => request.op === 'seal' && ('buffer' in request ? Buffer.from(request.buffer.buffer, request.buffer.byteOffset, request.length) : own?.subarray(0, request.length))?.fill(0);
  let leaves: Buffer;
  let pieces: Buffer[];
  try {
    const input = inputOf(request);
    if (request.op === 'seal') ({ leaves, out: pieces } = seal(request, input));
    else ({ leaves, opened: pieces } = open(request, input));
  } catch (error) {
    wipe();
    if (error instanceof ContainerError) return reply({ problem: { problem: error.problem, ...(error.detail.chunk === undefined ? {} : { chunk: error.detail.chunk }) }, ...given }, back);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return reply({ failure: { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) }, ...given }, back);
  } finally {
    request.key.fill(0);
  }
  wipe();
  if (request.fd < 0) return reply({ leaves, ...given, plaintext: pieces }, [leaves.buffer as ArrayBuffer, ...back, ...pieces.flatMap(movable)]);
  writeFullyAt(request.fd, pieces, request.at, (error) => {
    if (request.op === 'open') for (const piece of pieces) piece.fill(0); // decrypted bytes do not linger in freed memory
    if (error !== null) return reply({ failure: { message: error.message, ...(error.code === undefined ? {} : { code: error.code }) } });
    reply({ leaves, ...given }, [leaves.buffer as ArrayBuffer, ...back]);
  });
});
