// "Chunking": two Gear lanes from byte MIN − W of each chunk, a cut where AES-128(cut key,
// u32le(A) || u32le(C) || 0⁸) starts with BITS zero bits, forced at MAX, the end cut at the input's end.
import { createCipheriv } from 'node:crypto';
import type { GenerationKeys } from './keys.js';
import { hmac } from './primitives.js';

export const FORMAT_CHUNKER = { min: 524_288, max: 8_388_608, bits: 19, window: 32 } as const;
const BATCH = 65_536; // positions whose PRF blocks are encrypted in one call (ECB: each block alone)

function firstBitsZero(block: Buffer, at: number, bits: number): boolean {
  let left = bits;
  let i = at;
  while (left >= 8) {
    if (block[i] !== 0) return false;
    left -= 8;
    i += 1;
  }
  return left === 0 || ((block[i] as number) >> (8 - left)) === 0;
}

/** The end offsets of every chunk of `data` (the last one `data.length`). */
export function cutPoints(data: Uint8Array, keys: GenerationKeys, params = FORMAT_CHUNKER): number[] {
  const cuts: number[] = [];
  let start = 0;
  while (start < data.length) {
    cuts.push((start = nextCut(data, start, keys, params)));
  }
  return cuts;
}

function nextCut(data: Uint8Array, start: number, keys: GenerationKeys, params: typeof FORMAT_CHUNKER): number {
  const end = Math.min(data.length, start + params.max);
  if (end - start <= params.min) return end;
  let a = 0;
  let c = 0;
  let position = start + params.min - params.window; // the byte the hash starts at
  for (; position < start + params.min - 1; position += 1) {
    a = (2 * a + (keys.gearA[data[position] as number] as number)) >>> 0;
    c = (2 * c + (keys.gearC[data[position] as number] as number)) >>> 0;
  }
  // `position` is now the byte that makes the chunk MIN long; decide after it, and after each later one.
  const blocks = Buffer.alloc(16 * BATCH);
  while (position < end) {
    const count = Math.min(BATCH, end - position);
    blocks.fill(0);
    for (let i = 0; i < count; i += 1) {
      const byte = data[position + i] as number;
      a = (2 * a + (keys.gearA[byte] as number)) >>> 0;
      c = (2 * c + (keys.gearC[byte] as number)) >>> 0;
      blocks.writeUInt32LE(a, 16 * i);
      blocks.writeUInt32LE(c, 16 * i + 4);
    }
    const cipher = createCipheriv('aes-128-ecb', keys.cutKey, null).setAutoPadding(false);
    const prf = cipher.update(blocks.subarray(0, 16 * count));
    for (let i = 0; i < count; i += 1) {
      const length = position + i + 1 - start;
      if (length >= params.max) return position + i + 1;
      if (firstBitsZero(prf, 16 * i, params.bits)) return position + i + 1;
    }
    position += count;
  }
  return end;
}

export const blobIdOf = (keys: GenerationKeys, chunk: Uint8Array): string => hmac(keys.blobIdKey, chunk).toString('hex');
