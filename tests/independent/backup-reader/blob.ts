// "Sealed files and blobs": open a sealed blob to its chunk, checking every rule of the blob plaintext.
import { brotliDecompressSync } from 'node:zlib';
import { decompress } from '@mongodb-js/zstd';
import { fail } from './errors.js';
import type { GenerationKeys } from './keys.js';
import { hmac, openGcm } from './primitives.js';
import { walkFrame } from './zstd-frame.js';

export type BlobType = 'data' | 'tree';

/** "Blob plaintext": the largest chunk of each type, whatever the encoding; brotli stops decompressing there. */
export const LARGEST_CHUNK: Record<BlobType, number> = { data: 8_388_608, tree: 67_108_864 };

export const blobAad = (type: BlobType, id: string): Buffer => Buffer.from(`airlock-backup/1 blob ${type} ${id}`, 'ascii');

export async function openBlob(keys: GenerationKeys, type: BlobType, id: string, sealed: Uint8Array): Promise<Buffer> {
  const plain = openGcm(keys.sealKey, blobAad(type, id), sealed, `blob ${id}`);
  if (plain.length < 5) fail('malformed', `blob ${id}: no 5-byte head`);
  const encoding = plain[0] as number;
  const n = plain.readUInt32LE(1);
  if (5 + n > plain.length) fail('malformed', `blob ${id}: n = ${n} runs past the plaintext`);
  const payload = plain.subarray(5, 5 + n);
  if (plain.subarray(5 + n).some((byte) => byte !== 0)) fail('malformed', `blob ${id}: non-zero padding`);
  const chunk = await decode(encoding, payload, id, LARGEST_CHUNK[type]);
  if (chunk.length > LARGEST_CHUNK[type]) fail('malformed', `blob ${id}: a ${type} chunk of ${chunk.length} bytes, over ${LARGEST_CHUNK[type]}`);
  if (!hmac(keys.blobIdKey, chunk).equals(Buffer.from(id, 'hex'))) fail('malformed', `blob ${id}: the chunk's HMAC is not its id`);
  return chunk;
}

async function decode(encoding: number, payload: Buffer, id: string, largest: number): Promise<Buffer> {
  if (encoding === 0) return Buffer.from(payload);
  if (encoding === 1) {
    try {
      // Never more than the largest chunk of the type is held: the stream stops there.
      return brotliDecompressSync(payload, { maxOutputLength: largest });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return fail('malformed', `blob ${id}: the brotli stream decompresses to more than ${largest} bytes`);
      return fail('malformed', `blob ${id}: the brotli stream does not decompress`);
    }
  }
  if (encoding === 2) {
    const facts = walkFrame(payload);
    let out: Buffer;
    try {
      out = await decompress(payload);
    } catch {
      return fail('malformed', `blob ${id}: the zstd frame does not decompress`);
    }
    if (out.length > facts.bound) fail('malformed', `blob ${id}: decoded ${out.length} bytes, over the frame's bound`);
    if (facts.contentSize !== null && facts.contentSize !== out.length) fail('malformed', `blob ${id}: Frame_Content_Size is not the output's length`);
    return out;
  }
  return fail('malformed', `blob ${id}: unknown encoding ${encoding}`);
}
