// "Packs": prefix || blobs || random padding || sealed header || u32le len(sealed header).
import { fail } from './errors.js';
import type { GenerationKeys } from './keys.js';
import { openGcm, sha256Hex } from './primitives.js';
import { PREFIX_LENGTH, readPrefix } from './sealed-file.js';

export const ENTRY_LENGTH = 41;

export interface PackEntry {
  readonly type: 'data' | 'tree';
  readonly id: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * A table of 41-byte entries (type, id, u32le offset, u32le sealed length), header or index record:
 * filler entries (0xff, the rest zero) may follow the last entry, never precede one.
 */
export function parseEntries(table: Buffer, name: string): PackEntry[] {
  if (table.length % ENTRY_LENGTH !== 0) fail('malformed', `${name}: the entry table is not a multiple of 41 bytes`);
  const entries: PackEntry[] = [];
  let filling = false;
  for (let at = 0; at < table.length; at += ENTRY_LENGTH) {
    const type = table[at] as number;
    if (type === 0xff) {
      if (table.subarray(at + 1, at + ENTRY_LENGTH).some((b) => b !== 0)) fail('malformed', `${name}: a filler entry is not zero`);
      filling = true;
    } else if ((type === 0 || type === 1) && !filling) {
      entries.push({ type: type === 0 ? 'data' : 'tree', id: table.toString('hex', at + 1, at + 33), offset: table.readUInt32LE(at + 33), length: table.readUInt32LE(at + 37) });
    } else fail('malformed', `${name}: entry type ${type}${filling ? ' after a filler' : ''}`);
  }
  return entries;
}

export interface Pack {
  readonly id: string;
  readonly generation: number;
  readonly entries: PackEntry[];
  readonly bytes: Buffer;
}

export function readPack(id: string, bytes: Buffer, keysOf: (generation: number) => GenerationKeys): Pack {
  const name = `data/${id.slice(0, 2)}/${id}`;
  if (sha256Hex(bytes) !== id) fail('hashMismatch', name);
  const generation = readPrefix(bytes, 'pack', name);
  if (bytes.length < PREFIX_LENGTH + 4) fail('malformed', `${name}: no header length`);
  const headerLength = bytes.readUInt32LE(bytes.length - 4);
  const headerStart = bytes.length - 4 - headerLength;
  if (headerStart < PREFIX_LENGTH) fail('malformed', `${name}: the header length ${headerLength} runs past the file`);
  const aad = Buffer.from(`airlock-backup/1 pack header ${bytes.toString('hex', 0, PREFIX_LENGTH)}`, 'ascii');
  const header = openGcm(keysOf(generation).sealKey, aad, bytes.subarray(headerStart, bytes.length - 4), name);
  const entries = parseEntries(header, name); // writers fill to a multiple of 32 entries; a reader does not require it
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  let end = PREFIX_LENGTH;
  for (const entry of sorted) {
    if (entry.offset < end || entry.offset + entry.length > headerStart) fail('malformed', `${name}: blob ${entry.id} overlaps or lies outside the blob area`);
    end = entry.offset + entry.length;
  }
  return { id, generation, entries, bytes };
}
