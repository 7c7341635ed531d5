// Writes the blob vectors (docs/backup-repository.md, "Vectors"): sealed blobs, each with its id and
// what a reader must make of it. Run by hand when the format changes:
// `node --import tsx tests/vectors/backup/blobs/generate.ts`. Keys: generation 1 of the repository
// vectors' master key (00 01 … 1f); nonces fixed (the vector's index in the first byte) so a
// re-run writes the same bytes.
import { compress } from '@mongodb-js/zstd';
import { brotliCompressSync, constants } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { blobAad, blobIdOf, blobPlaintext, BROTLI, STORED, ZSTD } from '../../../../electron/core/backup/blob-codec.js';
import { generationKeys } from '../../../../electron/core/backup/repository-keys.js';
import { seal } from '../../../../electron/core/backup/sealing.js';
import { VECTOR_MASTER_KEY } from '../repository/inputs.js';
import { VECTOR_TEXT } from './inputs.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const keys = generationKeys(1, VECTOR_MASTER_KEY);
const MIB = 1024 * 1024;

/** A frame of RLE blocks of 128 KiB of zeros (RFC 8878 §3.1.1.2), `declared` its Frame_Content_Size (4 bytes) when given. */
function rleFrame(blocks: number, declared?: number): Buffer {
  const head = declared === undefined ? Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58]) : Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x80, 0x58, 0, 0, 0, 0]);
  if (declared !== undefined) head.writeUInt32LE(declared, 6);
  const parts = [head];
  for (let i = 0; i < blocks; i++) {
    const header = Buffer.alloc(4);
    header.writeUIntLE(((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0), 0, 3);
    parts.push(header); // the fourth byte is the RLE block's one byte, 0
  }
  return Buffer.concat(parts);
}

const frame = await compress(VECTOR_TEXT);
/** The first block's header is at 6 (no content size, a window descriptor); its content follows. */
const corruptContent = Buffer.from(frame);
corruptContent[6 + 3 + 40] = (corruptContent[6 + 3 + 40] ?? 0) ^ 0xff;
const reservedBlock = Buffer.from(frame);
reservedBlock[6] = (reservedBlock[6] ?? 0) | 0x06;

interface Case {
  readonly name: string;
  readonly encoding: number;
  readonly payload: Buffer;
  /** What a reader that skipped the format's checks would hand out: the id is its HMAC, so only those checks refuse it. */
  readonly chunk: Buffer;
  readonly expect: 'chunk' | 'malformed' | 'sealBroken';
  readonly why: string;
  /** Changes the blob plaintext after it is built (head, payload, padding). */
  readonly edit?: (plaintext: Buffer) => void;
  /** The id the vector gives, when it is not the chunk's HMAC. */
  readonly id?: Buffer;
  /** The type the blob is sealed as (its AAD), when not the vector's `data`. */
  readonly sealedAs?: 'tree';
  /** The vector's type (sealed and read as it), when not `data`. */
  readonly type?: 'tree';
}
/** Brotli as older writers made it (quality 4, window 22). */
const brotli4 = (bytes: Buffer) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 22 } });
/** A tree's JSON of no nodes, padded with spaces (which JSON allows) to `length` bytes: a valid tree but for its size. */
const spacedTree = (length: number) => Buffer.concat([Buffer.from('{"nodes":['), Buffer.alloc(length - 13, 0x20), Buffer.from(']}\n')]);
const cases: Case[] = [
  { name: 'zstd-text', encoding: ZSTD, payload: frame, chunk: VECTOR_TEXT, expect: 'chunk', why: 'one zstd frame as the writer makes it' },
  { name: 'zstd-corrupt-content', encoding: ZSTD, payload: corruptContent, chunk: VECTOR_TEXT, expect: 'malformed', why: 'a byte of the first block inverted' },
  { name: 'zstd-reserved-block-type', encoding: ZSTD, payload: reservedBlock, chunk: VECTOR_TEXT, expect: 'malformed', why: 'the first block header says type 3 (reserved)' },
  { name: 'zstd-trailing-frame', encoding: ZSTD, payload: Buffer.concat([frame, frame]), chunk: Buffer.concat([VECTOR_TEXT, VECTOR_TEXT]), expect: 'malformed', why: 'a second frame after the first' },
  { name: 'zstd-trailing-byte', encoding: ZSTD, payload: Buffer.concat([frame, Buffer.from([0])]), chunk: VECTOR_TEXT, expect: 'malformed', why: 'one byte after the frame' },
  { name: 'zstd-declares-9MiB', encoding: ZSTD, payload: rleFrame(72, 9 * MIB), chunk: Buffer.alloc(9 * MIB), expect: 'malformed', why: 'Frame_Content_Size 9 MiB, 72 RLE blocks of 128 KiB zeros' },
  { name: 'zstd-blocks-over-8MiB', encoding: ZSTD, payload: rleFrame(65), chunk: Buffer.alloc(65 * 128 * 1024), expect: 'malformed', why: 'no content size; 65 RLE blocks of 128 KiB zeros (8 MiB + 128 KiB)' },
  { name: 'zstd-blocks-exactly-8MiB', encoding: ZSTD, payload: rleFrame(64), chunk: Buffer.alloc(8 * MIB), expect: 'chunk', why: 'no content size; 64 RLE blocks of 128 KiB zeros (the largest chunk)' },
  { name: 'unknown-encoding-3', encoding: 3, payload: VECTOR_TEXT, chunk: VECTOR_TEXT, expect: 'malformed', why: 'encoding byte 3, the text as if stored' },
  // Added by the independent reader (#16): the rules of "Blob plaintext" that had no vector.
  { name: 'stored-text', encoding: STORED, payload: VECTOR_TEXT, chunk: VECTOR_TEXT, expect: 'chunk', why: 'encoding 0: the chunk itself' },
  { name: 'brotli-text', encoding: BROTLI, payload: brotli4(VECTOR_TEXT), chunk: VECTOR_TEXT, expect: 'chunk', why: 'encoding 1: one brotli stream (quality 4, window 22), as older writers made it' },
  { name: 'padding-not-zero', encoding: STORED, payload: VECTOR_TEXT, chunk: VECTOR_TEXT, expect: 'malformed', why: 'the last byte of the padding is 01', edit: (p) => void (p[p.length - 1] = 1) },
  { name: 'length-past-plaintext', encoding: STORED, payload: VECTOR_TEXT, chunk: VECTOR_TEXT, expect: 'malformed', why: 'n says one byte more than the plaintext holds after the head', edit: (p) => void p.writeUInt32LE(p.length - 4, 1) },
  { name: 'id-not-hmac', encoding: STORED, payload: VECTOR_TEXT, chunk: VECTOR_TEXT, id: blobIdOf(keys, Buffer.concat([VECTOR_TEXT, Buffer.from('.')])), expect: 'malformed', why: 'sealed under its id, but the id is not the HMAC of the chunk' },
  { name: 'sealed-as-tree', encoding: STORED, payload: VECTOR_TEXT, chunk: VECTOR_TEXT, sealedAs: 'tree', expect: 'sealBroken', why: 'sealed with the AAD of a tree blob, read as data' },
  // The output bounds of brotli (#16): a data chunk is at most 8 MiB, a tree at most 64 MiB; a reader stops decompressing there.
  { name: 'brotli-exactly-8MiB', encoding: BROTLI, payload: brotli4(Buffer.alloc(8 * MIB)), chunk: Buffer.alloc(8 * MIB), expect: 'chunk', why: 'encoding 1: 8 MiB of zeros, the largest data chunk' },
  { name: 'brotli-over-8MiB', encoding: BROTLI, payload: brotli4(Buffer.alloc(8 * MIB + 1)), chunk: Buffer.alloc(8 * MIB + 1), expect: 'malformed', why: 'encoding 1: 8 MiB + 1 byte of zeros, over the largest data chunk' },
  { name: 'tree-brotli-exactly-64MiB', type: 'tree', encoding: BROTLI, payload: brotli4(spacedTree(64 * MIB)), chunk: spacedTree(64 * MIB), expect: 'chunk', why: 'a tree blob, encoding 1: {"nodes":[]} spaced out to 64 MiB, the largest tree' },
  { name: 'tree-brotli-over-64MiB', type: 'tree', encoding: BROTLI, payload: brotli4(spacedTree(64 * MIB + 1)), chunk: spacedTree(64 * MIB + 1), expect: 'malformed', why: 'a tree blob, encoding 1: {"nodes":[]} spaced out to 64 MiB + 1 byte, over the largest tree' },
];

const vectors = cases.map((c, i) => {
  const id = c.id ?? blobIdOf(keys, c.chunk);
  const nonce = Buffer.alloc(12);
  nonce[0] = i + 1;
  const plaintext = blobPlaintext(c.encoding, c.payload);
  c.edit?.(plaintext);
  const sealed = seal(keys.sealKey, blobAad(c.sealedAs ?? c.type ?? 'data', id), plaintext, nonce);
  return { name: c.name, why: c.why, type: c.type ?? 'data', id: id.toString('hex'), sealed: sealed.toString('base64'), expect: c.expect, ...(c.expect === 'chunk' ? { chunkLength: c.chunk.length } : {}) };
});
writeFileSync(path.join(here, 'vectors.json'), JSON.stringify({ masterKey: VECTOR_MASTER_KEY.toString('hex'), generation: 1, sealKey: keys.sealKey.toString('hex'), vectors }, null, 2) + '\n');
