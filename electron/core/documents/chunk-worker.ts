import { parentPort } from 'node:worker_threads';
import { chunkLeaf, openChunk, sealChunk } from './container-crypto.js';
import { ContainerError, type ContainerProblem } from './container-error.js';
import { CHUNK_SIZE, TAG_SIZE } from './container-format.js';
import { writeFullyAt } from './positional-write.js';

/**
 * A thread of ChunkThreads (chunk-threads.ts): seals or opens one batch of a version 2 payload's
 * chunks, computes their leaves (docs/container.md "The signed message") and writes the result to
 * the output file at the batch's own offset, so batches run on every core in any order and only
 * the 32-byte leaves go back to be put in order. The batch's buffer comes moved (not copied) and
 * goes back the same way to be reused; a plaintext buffer is wiped before it goes back.
 */
export type ChunkRequest =
  /** `plain[0, length)`: chunks `first`…; the batch's final chunk is the file's last when `endsLast`. */
  | { readonly op: 'seal'; readonly n: number; readonly key: Uint8Array; readonly first: number; readonly endsLast: boolean; readonly buffer: Uint8Array; readonly length: number; readonly fd: number; readonly at: number }
  /** `buffer[0, length)`: sealed chunks `first`…; `lastIndex` is the file's last chunk. `fd` −1: the plaintext comes back. */
  | { readonly op: 'open'; readonly n: number; readonly key: Uint8Array; readonly first: number; readonly lastIndex: number; readonly buffer: Uint8Array; readonly length: number; readonly fd: number; readonly at: number };

export interface ChunkReply {
  readonly n: number;
  /** leaf(first), leaf(first + 1)…, 32 bytes each. */
  readonly leaves?: Uint8Array;
  /** The request's buffer, back for reuse. */
  readonly buffer?: Uint8Array;
  /** Opened chunks, in order, when they were not written here. */
  readonly plaintext?: readonly Uint8Array[];
  /** The first damaged chunk of the batch. */
  readonly problem?: { readonly problem: ContainerProblem; readonly chunk?: number };
  /** A write that failed, with its errno code (ENOSPC still reads as a full disk). */
  readonly failure?: { readonly message: string; readonly code?: string };
}

const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;
const port = parentPort;
if (port === null) throw new Error('chunk-worker runs on a worker thread');

/** Memory of its own is moved; a view into shared memory (rare: small outputs) is copied by the clone. */
const movable = (bytes: Uint8Array): ArrayBuffer[] => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []);

function seal(request: Extract<ChunkRequest, { op: 'seal' }>): { leaves: Buffer; out: Buffer[] } {
  const plain = Buffer.from(request.buffer.buffer, request.buffer.byteOffset, request.length);
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
function open(request: Extract<ChunkRequest, { op: 'open' }>): { leaves: Buffer; opened: Buffer[] } {
  const sealed = Buffer.from(request.buffer.buffer, request.buffer.byteOffset, request.length);
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
  let leaves: Buffer;
  let pieces: Buffer[];
  try {
    if (request.op === 'seal') {
      ({ leaves, out: pieces } = seal(request));
      request.buffer.fill(0, 0, request.length); // the plaintext's last copy on this side
    } else ({ leaves, opened: pieces } = open(request));
  } catch (error) {
    if (request.op === 'seal') request.buffer.fill(0, 0, request.length);
    if (!(error instanceof ContainerError)) return reply({ failure: { message: error instanceof Error ? error.message : String(error) } });
    return reply({ problem: { problem: error.problem, ...(error.detail.chunk === undefined ? {} : { chunk: error.detail.chunk }) }, buffer: request.buffer }, movable(request.buffer));
  } finally {
    request.key.fill(0);
  }
  const back = movable(request.buffer);
  if (request.fd < 0) return reply({ leaves, buffer: request.buffer, plaintext: pieces }, [leaves.buffer as ArrayBuffer, ...back, ...pieces.flatMap(movable)]);
  writeFullyAt(request.fd, pieces, request.at, (error) => {
    if (request.op === 'open') for (const piece of pieces) piece.fill(0); // decrypted bytes do not linger in freed memory
    if (error !== null) return reply({ failure: { message: error.message, ...(error.code === undefined ? {} : { code: error.code }) } });
    reply({ leaves, buffer: request.buffer }, [leaves.buffer as ArrayBuffer, ...back]);
  });
});
