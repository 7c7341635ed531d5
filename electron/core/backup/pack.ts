import { createHash, randomBytes, randomInt } from 'node:crypto';
import { BackupFormatError } from './backup-format-error.js';
import type { BlobType } from './blob-codec.js';
import type { GenerationKeys } from './repository-keys.js';
import { aadOf, filePrefix, PREFIX_BYTES, readPrefix, seal, unseal } from './sealing.js';

/** One blob of a pack (docs/backup-repository.md, "Packs"). */
export interface PackEntry {
  readonly type: BlobType;
  readonly id: Buffer;
  readonly offset: number;
  readonly length: number;
}

export const ENTRY_BYTES = 41;
export const HEADER_ENTRY_MULTIPLE = 32;
// 64 KiB: the backup bench measured 256 KiB at +0.8% of the repository's size for little more hiding.
export const PACK_ALIGNMENT = 64 * 1024;
export const PACK_SIZE = 16 * 1024 * 1024;
const FILLER = 0xff;
const TYPE_CODES: Record<BlobType, number> = { data: 0, tree: 1 };

export const packName = (id: string): string => `data/${id.slice(0, 2)}/${id}`;
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function encodeEntries(entries: readonly PackEntry[], multiple = 1): Buffer {
  const count = Math.ceil(entries.length / multiple) * multiple;
  const bytes = Buffer.alloc(count * ENTRY_BYTES);
  entries.forEach((entry, i) => {
    const at = i * ENTRY_BYTES;
    bytes[at] = TYPE_CODES[entry.type];
    entry.id.copy(bytes, at + 1);
    bytes.writeUInt32LE(entry.offset, at + 33);
    bytes.writeUInt32LE(entry.length, at + 37);
  });
  for (let i = entries.length; i < count; i++) bytes[i * ENTRY_BYTES] = FILLER;
  return bytes;
}

/** Entries of a header or index record; fillers (type 0xff, rest zero) only after the last entry. */
export function decodeEntries(bytes: Buffer, object: string): PackEntry[] {
  if (bytes.length % ENTRY_BYTES !== 0) throw new BackupFormatError('malformed', object, 'entry table length');
  const entries: PackEntry[] = [];
  let filling = false;
  for (let at = 0; at < bytes.length; at += ENTRY_BYTES) {
    const code = bytes[at];
    if (code === FILLER) {
      if (bytes.subarray(at + 1, at + ENTRY_BYTES).some((byte) => byte !== 0)) throw new BackupFormatError('malformed', object, 'filler entry');
      filling = true;
      continue;
    }
    if (filling || (code !== 0 && code !== 1)) throw new BackupFormatError('malformed', object, 'entry type');
    entries.push({ type: code === 0 ? 'data' : 'tree', id: Buffer.from(bytes.subarray(at + 1, at + 33)), offset: bytes.readUInt32LE(at + 33), length: bytes.readUInt32LE(at + 37) });
  }
  return entries;
}

export interface SealedBlob {
  readonly type: BlobType;
  readonly id: Buffer;
  readonly sealed: Buffer;
}

/**
 * Assembles sealed blobs (random order), random padding and the sealed header; the pack's name is
 * its hash. The pack stays in its parts (a target's put takes them so), hashed part by part.
 */
export function buildPack(keys: GenerationKeys, blobs: readonly SealedBlob[]): { id: string; parts: Buffer[]; entries: PackEntry[] } {
  if (blobs.length === 0) throw new RangeError('a pack holds at least one blob');
  const order = [...blobs];
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j] as SealedBlob, order[i] as SealedBlob];
  }
  const prefix = filePrefix('pack', keys.generation);
  let offset = PREFIX_BYTES;
  const entries = order.map((blob) => {
    const entry = { type: blob.type, id: blob.id, offset, length: blob.sealed.length };
    offset += blob.sealed.length;
    return entry;
  });
  const header = seal(keys.sealKey, aadOf(`pack header ${prefix.toString('hex')}`), encodeEntries(entries, HEADER_ENTRY_MULTIPLE));
  const unpadded = offset + header.length + 4;
  const total = Math.max(PACK_ALIGNMENT, Math.ceil(unpadded / PACK_ALIGNMENT) * PACK_ALIGNMENT);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(header.length);
  const parts = [prefix, ...order.map((blob) => blob.sealed), randomBytes(total - unpadded), header, trailer];
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return { id: hash.digest('hex'), parts, entries };
}

/**
 * The header of a whole pack file, checked: its hash is its name, its prefix, its entries inside
 * the blob area without overlap. `keysOf` gives the keys of the generation the prefix names.
 */
export function readPackHeader(bytes: Buffer, id: string, keysOf: (generation: number) => GenerationKeys | undefined): { generation: number; entries: PackEntry[] } {
  const object = packName(id);
  if (sha256Hex(bytes) !== id) throw new BackupFormatError('hashMismatch', object);
  const generation = readPrefix(bytes, 'pack', object);
  const keys = keysOf(generation);
  if (keys === undefined) throw new BackupFormatError('sealBroken', object, `unknown key generation ${generation}`);
  if (bytes.length < PREFIX_BYTES + 4) throw new BackupFormatError('malformed', object, 'too short');
  const headerLength = bytes.readUInt32LE(bytes.length - 4);
  const headerStart = bytes.length - 4 - headerLength;
  if (headerStart < PREFIX_BYTES) throw new BackupFormatError('malformed', object, 'header length');
  const plain = unseal(keys.sealKey, aadOf(`pack header ${bytes.subarray(0, PREFIX_BYTES).toString('hex')}`), bytes.subarray(headerStart, bytes.length - 4), object);
  const entries = decodeEntries(plain, object);
  let end = PREFIX_BYTES;
  for (const entry of [...entries].sort((a, b) => a.offset - b.offset)) {
    if (entry.offset < end || entry.offset + entry.length > headerStart) throw new BackupFormatError('malformed', object, 'entries overlap or leave the blob area');
    end = entry.offset + entry.length;
  }
  return { generation, entries };
}
