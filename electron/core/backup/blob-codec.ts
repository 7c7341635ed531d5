import { createHmac } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { BackupFormatError } from './backup-format-error.js';
import type { GenerationKeys } from './repository-keys.js';
import { aadOf, seal, SEAL_OVERHEAD, unseal } from './sealing.js';

export type BlobType = 'data' | 'tree';
const HEAD_BYTES = 5;
const STORED = 0;
const BROTLI = 1;
const PROBE_BYTES = 64 * 1024;

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
 * Compressed (quality 4) only when a 64 KiB probe shrinks to ≤ 90% and the whole to < 97% (docs,
 * "Compression"). The probe runs at quality 1: four times faster, and its ratio is within two
 * points of quality 4's, which does not move a 90% threshold meant to tell random from not.
 */
export function encodeChunk(chunk: Uint8Array): { encoding: number; payload: Buffer } {
  const raw = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk.length < 64) return { encoding: STORED, payload: raw };
  const probe = chunk.subarray(0, PROBE_BYTES);
  if (brotli(probe, 1).length > 0.9 * probe.length) return { encoding: STORED, payload: raw };
  const compressed = brotli(chunk, 4);
  return compressed.length < 0.97 * chunk.length ? { encoding: BROTLI, payload: compressed } : { encoding: STORED, payload: raw };
}

/** The keys a blob is sealed and checked with: a generation's, or their copy on a worker thread. */
export type BlobKeys = Pick<GenerationKeys, 'sealKey'> & { readonly chunker: Pick<GenerationKeys['chunker'], 'blobIdKey'> };

export const blobAad = (type: BlobType, id: Buffer) => aadOf(`blob ${type} ${id.toString('hex')}`);
export const blobIdOf = (keys: BlobKeys, bytes: Uint8Array): Buffer => createHmac('sha256', keys.chunker.blobIdKey).update(bytes).digest();

/** The sealed blob, padded so its length is a Padmé length. */
export function sealBlob(keys: BlobKeys, type: BlobType, id: Buffer, chunk: Uint8Array): Buffer {
  const { encoding, payload } = encodeChunk(chunk);
  const sealedLength = padme(SEAL_OVERHEAD + HEAD_BYTES + payload.length);
  const plaintext = Buffer.alloc(sealedLength - SEAL_OVERHEAD);
  plaintext[0] = encoding;
  plaintext.writeUInt32LE(payload.length, 1);
  payload.copy(plaintext, HEAD_BYTES);
  return seal(keys.sealKey, blobAad(type, id), plaintext);
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

/** The chunk, checked against its id (HMAC under the blob-id key); `object` names the pack. */
export function openBlob(keys: BlobKeys, type: BlobType, id: Buffer, sealed: Uint8Array, object: string): Buffer {
  const plaintext = unseal(keys.sealKey, blobAad(type, id), sealed, object);
  const length = plaintext.length >= HEAD_BYTES ? plaintext.readUInt32LE(1) : -1;
  if (length < 0 || HEAD_BYTES + length > plaintext.length || (plaintext[0] !== STORED && plaintext[0] !== BROTLI) || !allZero(plaintext.subarray(HEAD_BYTES + length))) {
    throw new BackupFormatError('malformed', object, `blob ${id.toString('hex')}`);
  }
  const payload = plaintext.subarray(HEAD_BYTES, HEAD_BYTES + length);
  let chunk: Buffer;
  try {
    chunk = plaintext[0] === BROTLI ? brotliDecompressSync(payload) : Buffer.from(payload);
  } catch {
    throw new BackupFormatError('malformed', object, `blob ${id.toString('hex')} does not decompress`);
  }
  if (!blobIdOf(keys, chunk).equals(id)) throw new BackupFormatError('malformed', object, `blob ${id.toString('hex')} does not match its id`);
  return chunk;
}
