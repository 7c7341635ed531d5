import { createCipheriv, createHmac, type Cipher, type Hmac } from 'node:crypto';
import { endianness } from 'node:os';
import type { ChunkerKeys } from './chunker-keys.js';

/**
 * The keyed content-defined chunker of the backup repository (docs/backup-repository.md,
 * "Chunking"). A rolling Gear hash over the last 32 bytes is only compressed, never looked at:
 * the cut is decided by AES-128 (a PRF under a derived key) of that hash, the "hash-then-PRF"
 * construction of Truong et al. (CCS 2025). Who holds the repository sees chunk lengths, but
 * without the key cannot tell where a known file would be cut, nor recover the key from cuts.
 */
export interface ChunkerParameters {
  /** No content cut makes a chunk shorter than this (only the end of the input does). */
  readonly minSize: number;
  /** A chunk reaching this length is cut whatever its content. */
  readonly maxSize: number;
  /** A position is a cut when the first `cutBits` bits of the PRF output are zero. */
  readonly cutBits: number;
}

/** The format's parameters: 512 KiB min, ~1 MiB average (min + 2^19), 8 MiB max. */
export const CHUNKER_PARAMETERS: ChunkerParameters = { minSize: 512 * 1024, maxSize: 8 * 1024 * 1024, cutBits: 19 };

/** Bytes the rolling hash depends on: each lane shifts one bit per byte, 32-bit lanes. */
export const GEAR_WINDOW = 32;

export interface Chunk {
  /** Where the chunk starts in the input. */
  readonly offset: number;
  readonly length: number;
  /** HMAC-SHA-256 of the bytes under the blob-id key (32 bytes). */
  readonly id: Buffer;
  readonly bytes: Buffer;
}

// Positions decided per AES call: large enough to amortise the call, small enough that the work
// past a cut (thrown away) stays tiny; measured: 16 KiB per call is Node's fastest AES-ECB size (larger
// outputs cost more in allocation than they save).
const BATCH = 1024;

// The PRF input block holds the lanes as u32le, read here through a Uint32Array.
if (endianness() !== 'LE') throw new Error('the keyed chunker assumes a little-endian host');

function checkParameters(parameters: ChunkerParameters): void {
  const { minSize, maxSize, cutBits } = parameters;
  const integer = (value: number) => Number.isSafeInteger(value) && value > 0;
  if (!integer(minSize) || !integer(maxSize) || !integer(cutBits) || minSize < GEAR_WINDOW || maxSize < minSize || cutBits > 32) {
    throw new RangeError(`chunker parameters out of range: ${JSON.stringify(parameters)}`);
  }
}

/** Mask of the first `cutBits` bits of a block (byte 0 first, most significant bit first), as the block's first u32le. */
function leadingBitsMask(cutBits: number): number {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(cutBits === 32 ? 0xffffffff : (0xffffffff << (32 - cutBits)) >>> 0);
  return bytes.readUInt32LE(0);
}

/**
 * Push pieces of any size in order, then finish(): the chunks are the same whatever the split.
 * The pieces are held (not copied) until their chunk is handed out, so a caller must not reuse a
 * piece's memory before then (Node streams hand out fresh buffers).
 */
export class KeyedChunker {
  readonly #gearA: Uint32Array;
  readonly #gearC: Uint32Array;
  readonly #blobIdKey: Buffer;
  readonly #prf: Cipher;
  readonly #minSize: number;
  readonly #maxSize: number;
  readonly #mask: number;
  readonly #blocks = new Uint32Array(BATCH * 4);
  readonly #blockBytes = Buffer.from(this.#blocks.buffer);
  #parts: Buffer[] = [];
  #hmac: Hmac;
  #length = 0;
  #offset = 0;
  #a = 0;
  #c = 0;

  constructor(keys: ChunkerKeys, parameters: ChunkerParameters = CHUNKER_PARAMETERS) {
    checkParameters(parameters);
    this.#gearA = keys.gearA;
    this.#gearC = keys.gearC;
    this.#blobIdKey = keys.blobIdKey;
    // ECB is exactly the PRF wanted: each block's output depends on that block alone, so a cut
    // depends on the content only, never on its position in the stream.
    this.#prf = createCipheriv('aes-128-ecb', keys.cutKey, null).setAutoPadding(false);
    this.#minSize = parameters.minSize;
    this.#maxSize = parameters.maxSize;
    this.#mask = leadingBitsMask(parameters.cutBits);
    this.#hmac = createHmac('sha256', this.#blobIdKey);
  }

  /** The chunks that end inside this piece. */
  push(input: Uint8Array): Chunk[] {
    const piece = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const chunks: Chunk[] = [];
    let start = 0;
    while (start < piece.length) {
      const cut = this.#findCut(piece, start);
      const end = cut < 0 ? piece.length : cut;
      const part = piece.subarray(start, end);
      this.#parts.push(part);
      this.#hmac.update(part);
      this.#length += part.length;
      if (cut >= 0) chunks.push(this.#emit());
      start = end;
    }
    return chunks;
  }

  /** The last chunk (shorter than the minimum, possibly), or none after an empty input or a cut at the very end. */
  finish(): Chunk[] {
    return this.#length > 0 ? [this.#emit()] : [];
  }

  #emit(): Chunk {
    const bytes = this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts, this.#length);
    const chunk: Chunk = { offset: this.#offset, length: this.#length, id: this.#hmac.digest(), bytes };
    this.#offset += this.#length;
    this.#parts = [];
    this.#hmac = createHmac('sha256', this.#blobIdKey);
    this.#length = 0;
    this.#a = 0;
    this.#c = 0;
    return chunk;
  }

  /** Index in `piece` just past the byte that ends the current chunk, or -1 when the piece does not end it. */
  #findCut(piece: Buffer, from: number): number {
    const gearA = this.#gearA;
    const gearC = this.#gearC;
    let i = from;
    let length = this.#length; // bytes of the chunk before piece[i]
    // Bytes before (min - window) can never influence a decision: skip them unhashed.
    const hashFrom = this.#minSize - GEAR_WINDOW;
    if (length < hashFrom) {
      const skip = Math.min(hashFrom - length, piece.length - i);
      i += skip;
      length += skip;
    }
    let a = this.#a;
    let c = this.#c;
    // Fill the window: bytes whose chunk length is still below the minimum.
    while (i < piece.length && length < this.#minSize - 1) {
      const byte = piece[i] as number;
      a = ((a << 1) + (gearA[byte] as number)) | 0;
      c = ((c << 1) + (gearC[byte] as number)) | 0;
      i++;
      length++;
    }
    const blocks = this.#blocks;
    while (i < piece.length) {
      const count = Math.min(BATCH, piece.length - i, this.#maxSize - length);
      for (let k = 0; k < count; k++) {
        const byte = piece[i + k] as number;
        a = ((a << 1) + (gearA[byte] as number)) | 0;
        c = ((c << 1) + (gearC[byte] as number)) | 0;
        blocks[4 * k] = a;
        blocks[4 * k + 1] = c;
      }
      const hit = this.#firstCut(count);
      if (hit >= 0) return i + hit + 1;
      i += count;
      length += count;
      if (length === this.#maxSize) return i;
    }
    this.#a = a;
    this.#c = c;
    return -1;
  }

  /** The first of `count` prepared blocks whose PRF output starts with cutBits zero bits, or -1. */
  #firstCut(count: number): number {
    const output = this.#prf.update(this.#blockBytes.subarray(0, 16 * count));
    const words = output.byteOffset % 4 === 0 ? new Uint32Array(output.buffer, output.byteOffset, 4 * count) : new Uint32Array(Uint8Array.from(output).buffer);
    const mask = this.#mask;
    for (let k = 0; k < count; k++) if (((words[4 * k] as number) & mask) === 0) return k;
    return -1;
  }
}

/** The chunks of a stream (a Node Readable of Buffers, or any async iterable of byte pieces). */
export async function* keyedChunks(source: AsyncIterable<Uint8Array>, keys: ChunkerKeys, parameters: ChunkerParameters = CHUNKER_PARAMETERS): AsyncGenerator<Chunk> {
  const chunker = new KeyedChunker(keys, parameters);
  for await (const piece of source) {
    if (typeof piece === 'string') throw new TypeError('the chunker reads bytes, not text: open the stream without an encoding');
    yield* chunker.push(piece);
  }
  yield* chunker.finish();
}
