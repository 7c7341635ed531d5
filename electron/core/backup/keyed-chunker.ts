import { createCipheriv, createHmac, type Cipher, type Hmac } from 'node:crypto';
import { endianness } from 'node:os';
import type { ChunkerKeys } from './chunker-keys.js';
import { nativeCutFinder, type CutFinderAddon } from './native-cut-finder.js';

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
 * Where the Gear steps and the PRF run: `native` (native/field-aead's cutFind, OpenSSL's AES-128-ECB
 * in C), or `javascript` (the loop below with node:crypto's AES, the reference). Both decide every
 * position alike; the default is native when the addon is there and agrees with the loop on a known
 * input (native-cut-finder.ts), else javascript.
 */
export type CutFinderChoice = 'native' | 'javascript';

/**
 * Steps the lanes (state[0] = A, state[1] = C) over piece[from], piece[from + 1]… (count bytes at
 * most), deciding a cut after each: the 0-based step that cuts, or -1 with the lanes after all.
 */
type CutSteps = (piece: Buffer, from: number, count: number, state: Uint32Array) => number;

/**
 * Push pieces of any size in order, then finish(): the chunks are the same whatever the split.
 * The pieces are held (not copied) until their chunk is handed out, so a caller must not reuse a
 * piece's memory before then (Node streams hand out fresh buffers). After finish() the chunker is
 * spent: a native cut finder's copy of the keys is freed then (or when a chunker left unfinished is
 * collected).
 */
export class KeyedChunker {
  readonly #gearA: Uint32Array;
  readonly #gearC: Uint32Array;
  readonly #blobIdKey: Buffer;
  readonly #minSize: number;
  readonly #maxSize: number;
  readonly #steps: CutSteps;
  readonly #release: () => void;
  /** The lanes A and C between pieces (and during a native call). */
  readonly #lanes = new Uint32Array(2);
  /** Which cut finder this chunker runs. */
  readonly cutFinder: CutFinderChoice;
  #parts: Buffer[] = [];
  #hmac: Hmac;
  #length = 0;
  #offset = 0;

  constructor(keys: ChunkerKeys, parameters: ChunkerParameters = CHUNKER_PARAMETERS, options: { cutFinder?: CutFinderChoice } = {}) {
    checkParameters(parameters);
    this.#gearA = keys.gearA;
    this.#gearC = keys.gearC;
    this.#blobIdKey = keys.blobIdKey;
    this.#minSize = parameters.minSize;
    this.#maxSize = parameters.maxSize;
    this.#hmac = createHmac('sha256', this.#blobIdKey);
    const addon = options.cutFinder === 'javascript' ? undefined : options.cutFinder === 'native' ? nativeCutFinder() : agreedCutFinder();
    if (options.cutFinder === 'native' && addon === undefined) throw new Error('the native cut finder is not available (native/field-aead not built, or AIRLOCK_NATIVE_AEAD=off)');
    this.cutFinder = addon === undefined ? 'javascript' : 'native';
    if (addon === undefined) {
      this.#steps = javascriptSteps(keys, parameters.cutBits);
      this.#release = () => undefined;
    } else {
      ({ steps: this.#steps, release: this.#release } = nativeSteps(addon, keys, parameters.cutBits));
    }
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
    const last = this.#length > 0 ? [this.#emit()] : [];
    this.#release();
    return last;
  }

  #emit(): Chunk {
    const bytes = this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts, this.#length);
    const chunk: Chunk = { offset: this.#offset, length: this.#length, id: this.#hmac.digest(), bytes };
    this.#offset += this.#length;
    this.#parts = [];
    this.#hmac = createHmac('sha256', this.#blobIdKey);
    this.#length = 0;
    this.#lanes.fill(0);
    return chunk;
  }

  /** Index in `piece` just past the byte that ends the current chunk, or -1 when the piece does not end it. */
  #findCut(piece: Buffer, from: number): number {
    const lanes = this.#lanes;
    let i = from;
    let length = this.#length; // bytes of the chunk before piece[i]
    // Bytes before (min - window) can never influence a decision: skip them unhashed.
    const hashFrom = this.#minSize - GEAR_WINDOW;
    if (length < hashFrom) {
      const skip = Math.min(hashFrom - length, piece.length - i);
      i += skip;
      length += skip;
    }
    if (i < piece.length && length < this.#minSize - 1) {
      // Fill the window: bytes whose chunk length is still below the minimum (at most W - 1 of them).
      const gearA = this.#gearA;
      const gearC = this.#gearC;
      let a = lanes[0] as number;
      let c = lanes[1] as number;
      while (i < piece.length && length < this.#minSize - 1) {
        const byte = piece[i] as number;
        a = ((a << 1) + (gearA[byte] as number)) | 0;
        c = ((c << 1) + (gearC[byte] as number)) | 0;
        i++;
        length++;
      }
      lanes[0] = a;
      lanes[1] = c;
    }
    if (i === piece.length) return -1;
    // From here every step decides: up to the end of the piece or the maximum, whichever is first.
    const count = Math.min(piece.length - i, this.#maxSize - length);
    const hit = this.#steps(piece, i, count, lanes);
    if (hit >= 0) return i + hit + 1;
    return length + count === this.#maxSize ? i + count : -1;
  }
}

/** The reference: the Gear steps in JavaScript, the PRF of BATCH positions per node:crypto call. */
function javascriptSteps(keys: ChunkerKeys, cutBits: number): CutSteps {
  const { gearA, gearC } = keys;
  // ECB is exactly the PRF wanted: each block's output depends on that block alone, so a cut
  // depends on the content only, never on its position in the stream.
  const prf: Cipher = createCipheriv('aes-128-ecb', keys.cutKey, null).setAutoPadding(false);
  const mask = leadingBitsMask(cutBits);
  const blocks = new Uint32Array(BATCH * 4);
  const blockBytes = Buffer.from(blocks.buffer);
  /** The first of `count` prepared blocks whose PRF output starts with cutBits zero bits, or -1. */
  const firstCut = (count: number): number => {
    const output = prf.update(blockBytes.subarray(0, 16 * count));
    const words = output.byteOffset % 4 === 0 ? new Uint32Array(output.buffer, output.byteOffset, 4 * count) : new Uint32Array(Uint8Array.from(output).buffer);
    for (let k = 0; k < count; k++) if (((words[4 * k] as number) & mask) === 0) return k;
    return -1;
  };
  return (piece, from, count, state) => {
    let a = state[0] as number;
    let c = state[1] as number;
    for (let done = 0; done < count; ) {
      const batch = Math.min(BATCH, count - done);
      const at = from + done;
      for (let k = 0; k < batch; k++) {
        const byte = piece[at + k] as number;
        a = ((a << 1) + (gearA[byte] as number)) | 0;
        c = ((c << 1) + (gearC[byte] as number)) | 0;
        blocks[4 * k] = a;
        blocks[4 * k + 1] = c;
      }
      const hit = firstCut(batch);
      if (hit >= 0) return done + hit;
      done += batch;
    }
    state[0] = a;
    state[1] = c;
    return -1;
  };
}

/** native/field-aead's cutFind: the same steps and PRF in C, on a context holding copies of the keys. */
function nativeSteps(addon: CutFinderAddon, keys: ChunkerKeys, cutBits: number): { steps: CutSteps; release: () => void } {
  const context = addon.cutCreate(keys.cutKey, keys.gearA, keys.gearC);
  return {
    steps: (piece, from, count, state) => addon.cutFind(context, piece, from, count, cutBits, state),
    release: () => addon.cutDestroy(context),
  };
}

/**
 * The native cut finder when it decides like the JavaScript loop on a known input (checked once per
 * thread and addon: a build whose AES or Gear steps differ would change the format's cuts).
 */
const agreement = new WeakMap<CutFinderAddon, boolean>();
function agreedCutFinder(): CutFinderAddon | undefined {
  const addon = nativeCutFinder();
  if (addon === undefined) return undefined;
  let alike = agreement.get(addon);
  if (alike === undefined) agreement.set(addon, (alike = decidesAlike(addon)));
  return alike ? addon : undefined;
}

function decidesAlike(addon: CutFinderAddon): boolean {
  // Fixed keys and input (no secret), 6 cut bits: about 500 cuts in 32 KiB, and the lanes at the end.
  const keys = { gearA: new Uint32Array(256), gearC: new Uint32Array(256), cutKey: Buffer.alloc(16, 0x5a), blobIdKey: Buffer.alloc(32) };
  for (let i = 0; i < 256; i++) [keys.gearA[i], keys.gearC[i]] = [Math.imul(i + 1, 0x9e3779b1) >>> 0, Math.imul(i + 7, 0x85ebca6b) >>> 0];
  const input = Buffer.alloc(32 * 1024);
  for (let i = 0, x = 1; i < input.length; i++) input[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  const cuts = (steps: CutSteps): string => {
    const found: number[] = [];
    const state = new Uint32Array(2);
    for (let from = 0, hit = 0; hit >= 0 && from < input.length; ) {
      hit = steps(input, from, input.length - from, state);
      if (hit >= 0) {
        from += hit + 1;
        found.push(from);
        state.fill(0);
      }
    }
    return `${found.join(',')}/${state.join(',')}`;
  };
  const native = nativeSteps(addon, keys, 6);
  try {
    return cuts(native.steps) === cuts(javascriptSteps(keys, 6));
  } finally {
    native.release();
  }
}

/** The chunks of a stream (a Node Readable of Buffers, or any async iterable of byte pieces). */
export async function* keyedChunks(source: AsyncIterable<Uint8Array>, keys: ChunkerKeys, parameters: ChunkerParameters = CHUNKER_PARAMETERS, options: { cutFinder?: CutFinderChoice } = {}): AsyncGenerator<Chunk> {
  const chunker = new KeyedChunker(keys, parameters, options);
  for await (const piece of source) {
    if (typeof piece === 'string') throw new TypeError('the chunker reads bytes, not text: open the stream without an encoding');
    yield* chunker.push(piece);
  }
  yield* chunker.finish();
}
