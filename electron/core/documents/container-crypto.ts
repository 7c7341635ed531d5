import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { nativeAead } from '../crypto/native-aead.js';
import { ContainerError } from './container-error.js';
import { CHUNK_SIZE, TAG_SIZE } from './container-format.js';

// Key derivation and the AEAD steps of docs/container.md; node:crypto does all of it (2.3 GB/s
// AES-GCM here, against 41 MB/s in pure JS).

const info = (what: string): Buffer => Buffer.from(`airlock-container/1 ${what}`);
export const FILE_KEY_INFO = info('file key');

export function deriveKey(fileKey: Uint8Array, salt: Uint8Array, what: 'header' | 'metadata' | 'payload'): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, salt, info(what), 32));
}

export function headerMac(fileKey: Uint8Array, macInput: Uint8Array): Buffer {
  const key = deriveKey(fileKey, new Uint8Array(0), 'header');
  try {
    return createHmac('sha256', key).update(macInput).digest();
  } finally {
    key.fill(0);
  }
}

export function macMatches(expected: Uint8Array, actual: Uint8Array): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * iv = u88(index) || flag: the STREAM nonce; 2^88 chunks is more than any file. Written into one
 * buffer reused by every call (node:crypto copies the iv; this thread runs one call at a time),
 * so a chunk costs no allocation for it.
 */
const ivScratch = Buffer.alloc(12);
export function chunkIv(index: number, last: boolean): Buffer {
  ivScratch.writeUIntBE(index, 5, 6); // index < 2^48 covers 2^64 bytes of 64 KiB chunks
  ivScratch[11] = last ? 1 : 0;
  return ivScratch;
}

/** Version 2's leaf(i) = SHA-256(u88(i) || flag || sealed chunk), the sealed chunk given in pieces. */
export function chunkLeaf(index: number, last: boolean, ...sealed: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256').update(chunkIv(index, last));
  for (const piece of sealed) hash.update(piece);
  return hash.digest();
}

/**
 * One key-scheduled GCM per chunk: node:crypto has no cheaper way to change the IV. Ciphertext and
 * tag come back apart, so the caller writes them without copying 64 KiB into one buffer.
 */
export function sealChunk(key: Uint8Array, index: number, last: boolean, plaintext: Uint8Array): [body: Buffer, tag: Buffer] {
  const cipher = createCipheriv('aes-256-gcm', key, chunkIv(index, last));
  const body = cipher.update(plaintext);
  cipher.final();
  return [body, cipher.getAuthTag()];
}

/** A sealed chunk's place in a batch laid out for sealing in place: every 65 552 bytes. */
export const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;

/**
 * Seals `count` chunks of a batch in place and computes their leaves: chunk i's plaintext at
 * `batch[SEALED_CHUNK·i…]` (CHUNK_SIZE bytes, `lastLength` for the final one) becomes its
 * ciphertext, its tag is written right after it; the iv's flag is 1 only for the final chunk when
 * `endsLast`; leaf i goes to `leaves[32·i…]`. With native/field-aead (unless AIRLOCK_NATIVE_AEAD=off)
 * one call does it all without allocating; otherwise node:crypto, chunk by chunk, is copied into
 * place — the same bytes (tests/unit/documents/seal-chunks.test.ts), and either way no plaintext
 * is left in the batch.
 */
export function sealChunksInPlace(key: Uint8Array, batch: Buffer, count: number, first: number, endsLast: boolean, lastLength: number, leaves: Buffer): void {
  const native = nativeAead();
  if (native.available && native.addon.sealChunks !== undefined) return native.addon.sealChunks(key, batch, count, first, endsLast, lastLength, leaves);
  for (let i = 0; i < count; i++) {
    const at = i * SEALED_CHUNK;
    const final = i === count - 1;
    const length = final ? lastLength : CHUNK_SIZE;
    const [body, tag] = sealChunk(key, first + i, final && endsLast, batch.subarray(at, at + length));
    body.copy(batch, at);
    tag.copy(batch, at + length);
    chunkLeaf(first + i, final && endsLast, batch.subarray(at, at + length + TAG_SIZE)).copy(leaves, 32 * i);
  }
}

/**
 * Opens `count` chunks of a batch as read from the file (chunk i at `batch[SEALED_CHUNK·i…]`, all
 * SEALED_CHUNK bytes but the final one's `lastLength`) in place, after computing each leaf over the
 * sealed bytes: chunk i's plaintext ends up where its ciphertext was. Chunk `lastIndex` (the file's
 * last) is opened with flag 1. Every chunk or none: on the first that does not open, the batch is
 * wiped and its error thrown (`chunkTampered`, or `truncated` for a last chunk that opens only with
 * flag 0), as openChunk would. Native when it can (sealChunksInPlace), else node:crypto.
 */
export function openChunksInPlace(key: Uint8Array, batch: Buffer, count: number, first: number, lastIndex: number, lastLength: number, leaves: Buffer): void {
  const native = nativeAead();
  if (native.available && native.addon.openChunks !== undefined && lastLength >= TAG_SIZE) {
    const outcome = native.addon.openChunks(key, batch, count, first, lastIndex, lastLength, leaves);
    if (outcome === 0) return;
    const chunk = first + Math.floor((outcome - 1) / 2);
    throw new ContainerError(outcome % 2 === 0 ? 'truncated' : 'chunkTampered', { chunk });
  }
  try {
    for (let i = 0; i < count; i++) {
      const at = i * SEALED_CHUNK;
      const sealed = batch.subarray(at, at + (i === count - 1 ? lastLength : SEALED_CHUNK));
      chunkLeaf(first + i, first + i === lastIndex, sealed).copy(leaves, 32 * i);
      const opened = openChunk(key, first + i, first + i === lastIndex, sealed);
      opened.copy(batch, at);
      opened.fill(0);
    }
  } catch (error) {
    batch.fill(0, 0, (count - 1) * SEALED_CHUNK + lastLength);
    throw error;
  }
}

/** Throws `chunkTampered` (or `truncated`: a last chunk whose flag says it was not the last). */
export function openChunk(key: Uint8Array, index: number, last: boolean, sealed: Uint8Array): Buffer {
  const opened = tryOpen(key, chunkIv(index, last), sealed);
  if (opened !== undefined) return opened;
  if (last && tryOpen(key, chunkIv(index, false), sealed)?.fill(0) !== undefined) throw new ContainerError('truncated', { chunk: index });
  throw new ContainerError('chunkTampered', { chunk: index });
}

function tryOpen(key: Uint8Array, iv: Buffer, sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < TAG_SIZE) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const body = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    decipher.final();
    return body;
  } catch {
    body.fill(0);
    return undefined;
  }
}

/** The metadata block: its own key, used once, so a fixed zero IV is safe. */
export function sealMetadata(fileKey: Uint8Array, nonce: Uint8Array, json: string): Buffer {
  const key = deriveKey(fileKey, nonce, 'metadata');
  try {
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.alloc(12));
    const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return Buffer.concat([body, cipher.getAuthTag()]);
  } finally {
    key.fill(0);
  }
}

export function openMetadata(fileKey: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): string {
  const key = deriveKey(fileKey, nonce, 'metadata');
  try {
    const opened = tryOpen(key, Buffer.alloc(12), sealed);
    if (opened === undefined) throw new ContainerError('metadataTampered');
    return opened.toString('utf8');
  } finally {
    key.fill(0);
  }
}

/** What the signer's token signs (hashed once more by the token mechanism): small, so it can be checked at once. */
export function signatureInput(bodyDigest: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from('airlock-container/1 signature\0'), bodyDigest]);
}
