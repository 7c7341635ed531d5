import { compress as zstdCompress, decompress as zstdDecompress } from '@mongodb-js/zstd';
import { createHmac } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { BackupFormatError } from './backup-format-error.js';
import { CHUNKER_PARAMETERS } from './keyed-chunker.js';
import type { GenerationKeys } from './repository-keys.js';
import { aadOf, seal, SEAL_OVERHEAD, unseal, type InPlaceUnsealer } from './sealing.js';
import { TREE_MAXIMUM } from './tree.js';
import { zstdFrameFacts } from './zstd-frame.js';

export type BlobType = 'data' | 'tree';
const HEAD_BYTES = 5;
export const STORED = 0;
/** Read from older repositories; written only for a chunk larger than ZSTD_MAXIMUM (a very large directory's tree). */
export const BROTLI = 1;
export const ZSTD = 2;
/** The most a zstd frame of a blob may decompress to: the format's largest chunk (docs, "Compression"). */
export const ZSTD_MAXIMUM = CHUNKER_PARAMETERS.maxSize;
const PROBE_BYTES = 64 * 1024;
/** The most a blob's chunk may be, whatever its encoding (docs, "Blob plaintext"): a data chunk the chunker's maximum, a tree TREE_MAXIMUM. */
export const chunkMaximum = (type: BlobType): number => (type === 'tree' ? TREE_MAXIMUM : CHUNKER_PARAMETERS.maxSize);
const inMiB = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

/** Padmé (Nikitin et al., PETS 2019): L rounded up so that its last E − S bits are zero. */
export function padme(length: number): number {
  if (length < 2) return length;
  const e = Math.floor(Math.log2(length));
  const s = Math.floor(Math.log2(e)) + 1;
  const mask = 2 ** (e - s) - 1;
  return Math.ceil(length / (mask + 1)) * (mask + 1);
}

const brotli = (bytes: Uint8Array, quality: number) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: 22, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });

/**
 * Compressed (zstd, one frame) only when a 64 KiB probe shrinks to ≤ 90% and the whole to < 97%
 * (docs, "Compression"). The probe is brotli quality 1 (synchronous, half the time of a zstd probe
 * through the binding's thread pool, measured). A frame whose block headers allow more than
 * ZSTD_MAXIMUM is one a reader refuses, so it is not written: a chunk that large (only a tree can
 * be) is brotli 4, as before.
 */
export async function encodeChunk(chunk: Uint8Array): Promise<{ encoding: number; payload: Buffer }> {
  const raw = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk.length < 64) return { encoding: STORED, payload: raw };
  const probe = chunk.subarray(0, PROBE_BYTES);
  if (brotli(probe, 1).length > 0.9 * probe.length) return { encoding: STORED, payload: raw };
  const compressed = await compressWhole(raw);
  return compressed.payload.length < 0.97 * chunk.length ? compressed : { encoding: STORED, payload: raw };
}

async function compressWhole(raw: Buffer): Promise<{ encoding: number; payload: Buffer }> {
  if (raw.length <= ZSTD_MAXIMUM) {
    // 1.2.2 takes no level (measured: the same bytes for levels 1 to 19): its frames are its default, level 3.
    const frame = await zstdCompress(raw);
    const facts = zstdFrameFacts(frame);
    if (typeof facts !== 'string' && facts.bound <= ZSTD_MAXIMUM) return { encoding: ZSTD, payload: frame };
  }
  return { encoding: BROTLI, payload: brotli(raw, 4) };
}

/** The chunk of a blob's payload by its encoding byte, at most `maximum` bytes; why not (a string), or undefined for an encoding this reader does not know. */
async function decodeChunk(encoding: number, payload: Buffer, maximum: number): Promise<Buffer | string | undefined> {
  // A view of the blob's own plaintext (new memory, or the caller's in-place buffer): no copy.
  if (encoding === STORED) return payload.length > maximum ? `is more than ${inMiB(maximum)}` : payload;
  if (encoding === BROTLI) return brotliBounded(payload, maximum);
  if (encoding !== ZSTD) return undefined;
  const facts = zstdFrameFacts(payload);
  if (typeof facts === 'string') return `its zstd frame: ${facts}`;
  if (facts.bound > ZSTD_MAXIMUM || (facts.contentSize ?? 0) > ZSTD_MAXIMUM) return 'its zstd frame may decompress to more than 8 MiB';
  const chunk = await zstdDecompress(payload);
  // The bound trusts RFC 8878's 128 KiB per compressed block; checked again on what came out.
  if (chunk.length > facts.bound || (facts.contentSize !== undefined && chunk.length !== facts.contentSize)) return 'its zstd frame is not the size it declares';
  return chunk;
}

/** Decompression stops at `maximum` (a brotli bomb takes no more memory than the largest chunk of its type). */
function brotliBounded(payload: Buffer, maximum: number): Buffer | string {
  try {
    return brotliDecompressSync(payload, { maxOutputLength: maximum });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return `its brotli stream decompresses to more than ${inMiB(maximum)}`;
    throw error;
  }
}

/** The keys a blob is sealed and checked with: a generation's, or their copy on a worker thread. */
export type BlobKeys = Pick<GenerationKeys, 'sealKey'> & { readonly chunker: Pick<GenerationKeys['chunker'], 'blobIdKey'> };

export const blobAad = (type: BlobType, id: Buffer) => aadOf(`blob ${type} ${id.toString('hex')}`);
export const blobIdOf = (keys: BlobKeys, bytes: Uint8Array): Buffer => createHmac('sha256', keys.chunker.blobIdKey).update(bytes).digest();

const WIPED_KEY = Buffer.alloc(32);

/**
 * The sealed blob, padded so its length is a Padmé length. Compression is asynchronous (the zstd
 * binding's thread pool): keys wiped on lock meanwhile (overwritten with zeros) fail the seal
 * rather than seal under zeros.
 */
export async function sealBlob(keys: BlobKeys, type: BlobType, id: Buffer, chunk: Uint8Array): Promise<Buffer> {
  if (chunk.length > chunkMaximum(type)) throw new Error(`a ${type} chunk of ${chunk.length} bytes, over the largest ${type} blob (${chunkMaximum(type)}), is not written: a reader would refuse it`);
  const { encoding, payload } = await encodeChunk(chunk);
  if (WIPED_KEY.equals(keys.sealKey)) throw new Error('the repository keys were wiped while the blob was compressed');
  return seal(keys.sealKey, blobAad(type, id), blobPlaintext(encoding, payload));
}

/** u8 encoding || u32le n || the payload || zeros up to the Padmé length of the sealed blob. */
export function blobPlaintext(encoding: number, payload: Uint8Array): Buffer {
  const plaintext = Buffer.alloc(padme(SEAL_OVERHEAD + HEAD_BYTES + payload.length) - SEAL_OVERHEAD);
  plaintext[0] = encoding;
  plaintext.writeUInt32LE(payload.length, 1);
  plaintext.set(payload, HEAD_BYTES);
  return plaintext;
}

// The padding (Padmé: up to ~1/32 of a blob) checked by a native compare, not a callback per byte.
const ZEROS = Buffer.alloc(64 * 1024);
function allZero(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; at += ZEROS.length) {
    const part = bytes.subarray(at, at + ZEROS.length);
    if (!part.equals(ZEROS.subarray(0, part.length))) return false;
  }
  return true;
}

/**
 * The chunk, checked against its id (HMAC under the blob-id key); `object` names the pack. With
 * `inPlace` (the caller's own buffer, read for this blob only) the seal is opened where it lies:
 * `sealed` is overwritten and a stored chunk is returned as a view of it.
 */
export async function openBlob(keys: BlobKeys, type: BlobType, id: Buffer, sealed: Uint8Array, object: string, inPlace?: InPlaceUnsealer): Promise<Buffer> {
  const aad = blobAad(type, id);
  const plaintext = inPlace === undefined ? unseal(keys.sealKey, aad, sealed, object) : inPlace.unseal(aad, Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength), object);
  const length = plaintext.length >= HEAD_BYTES ? plaintext.readUInt32LE(1) : -1;
  if (length < 0 || HEAD_BYTES + length > plaintext.length || !allZero(plaintext.subarray(HEAD_BYTES + length))) {
    throw new BackupFormatError('malformed', object, `blob ${id.toString('hex')}`);
  }
  let chunk: Buffer | string | undefined;
  try {
    chunk = await decodeChunk(plaintext[0] ?? -1, plaintext.subarray(HEAD_BYTES, HEAD_BYTES + length), chunkMaximum(type));
  } catch {
    chunk = 'does not decompress';
  }
  // An unknown encoding is malformed like any other: a reader never guesses (docs, "Compression").
  if (chunk === undefined) throw new BackupFormatError('malformed', object, `blob ${id.toString('hex')} has unknown encoding ${plaintext[0]}`);
  if (typeof chunk === 'string') throw new BackupFormatError('malformed', object, `blob ${id.toString('hex')} ${chunk}`);
  if (!blobIdOf(keys, chunk).equals(id)) throw new BackupFormatError('malformed', object, `blob ${id.toString('hex')} does not match its id`);
  return chunk;
}
