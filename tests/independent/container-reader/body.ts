// Steps 5–6 of "Opening": the metadata and the STREAM payload (docs/container.md "Body (binary)").
import { isObjectWithKeys, parseJson } from './canonical-json.js';
import { fail } from './errors.js';
import type { Version } from './header.js';
import { chunkIv, hkdf, openGcm, sha256 } from './primitives.js';

export interface Metadata {
  fileName: string;
  mediaType: string;
  createdAt: string;
}

export const SEALED_CHUNK = 65_552;
const CREATED_AT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$/;

/** Where the body's parts lie: nonce at `start`, sealed metadata, payload up to the trailer. */
export interface BodyLayout {
  nonce: Buffer;
  metaCt: Buffer;
  payloadStart: number;
  payloadEnd: number;
}

/** Step 5's length check: `malformed` when the metadata's length is out of range or runs into the trailer. */
export function layoutOf(file: Buffer, start: number, trailerStart: number): BodyLayout {
  if (start + 20 > trailerStart) fail('malformed', 'no room for nonce and metadata length', { reason: 'metadata length' });
  const length = file.readUInt32BE(start + 16);
  const metaEnd = start + 20 + length;
  if (length < 16 || length > 65_552 || metaEnd > trailerStart) fail('malformed', `metadata length ${length}`, { reason: 'metadata length' });
  return { nonce: file.subarray(start, start + 16), metaCt: file.subarray(start + 20, metaEnd), payloadStart: metaEnd, payloadEnd: trailerStart };
}

export function openMetadata(fileKey: Buffer, layout: BodyLayout): Metadata {
  const key = hkdf(fileKey, layout.nonce, 'airlock-container/1 metadata');
  const plain = openGcm(key, Buffer.alloc(12), layout.metaCt);
  if (!plain) return fail('metadataTampered', 'metadata tag');
  const json = parseJson(plain.toString('utf8'));
  if (!isObjectWithKeys(json, ['createdAt', 'fileName', 'mediaType'])) return fail('metadataTampered', 'metadata members');
  const { fileName, mediaType, createdAt } = json;
  const ok = typeof fileName === 'string' && fileName.length <= 1024 &&
    typeof mediaType === 'string' && mediaType.length <= 255 &&
    typeof createdAt === 'string' && CREATED_AT.test(createdAt);
  if (!ok) fail('metadataTampered', 'metadata fields');
  return json as unknown as Metadata;
}

export interface Payload {
  plaintext: Buffer;
  /** Version 2: SHA-256 of each chunk's `u88(i) || flag(i) || sealed(i)`, in order. */
  leaves: Buffer[];
}

/** Chunk boundaries from P alone (before any chunk is opened): `truncated` / (v2) `malformed`. */
export function chunksOf(file: Buffer, layout: BodyLayout, version: Version): Buffer[] {
  const size = layout.payloadEnd - layout.payloadStart;
  const n = Math.max(1, Math.ceil(size / SEALED_CHUNK));
  const lastLength = size - (n - 1) * SEALED_CHUNK;
  if (lastLength < 16) fail('truncated', `last chunk of ${lastLength} bytes`, { chunk: n - 1 });
  if (version === 2 && n > 1 && lastLength === 16) fail('malformed', 'empty last chunk', { reason: 'empty last chunk' });
  const chunks: Buffer[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = layout.payloadStart + i * SEALED_CHUNK;
    chunks.push(file.subarray(start, Math.min(start + SEALED_CHUNK, layout.payloadEnd)));
  }
  return chunks;
}

export function openPayload(fileKey: Buffer, layout: BodyLayout, chunks: Buffer[]): Payload {
  const key = hkdf(fileKey, layout.nonce, 'airlock-container/1 payload');
  const plain: Buffer[] = [];
  const leaves: Buffer[] = [];
  chunks.forEach((sealed, i) => {
    const last = i === chunks.length - 1;
    const iv = chunkIv(i, last);
    leaves.push(sha256(iv, sealed));
    const opened = openGcm(key, iv, sealed);
    if (opened) return void plain.push(opened);
    if (last && openGcm(key, chunkIv(i, false), sealed)) fail('truncated', 'last chunk flagged not-last', { chunk: i });
    fail('chunkTampered', `chunk ${i} tag`, { chunk: i });
  });
  return { plaintext: Buffer.concat(plain), leaves };
}
