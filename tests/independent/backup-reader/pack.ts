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

/** Parses `count` 41-byte entries (type, id, u32le offset, u32le sealed length); padding entries stop the list when allowed. */
export function parseEntries(body: Buffer, at: number, count: number | null, name: string): { entries: PackEntry[]; end: number } {
  const entries: PackEntry[] = [];
  let position = at;
  for (let i = 0; count === null ? position < body.length : i < count; i += 1) {
    if (position + ENTRY_LENGTH > body.length) fail('malformed', `${name}: an entry is cut short`);
    const type = body[position] as number;
    if (type === 0xff && count === null) {
      if (body.subarray(position + 1, position + ENTRY_LENGTH).some((b) => b !== 0)) fail('malformed', `${name}: a padding entry is not zero`);
    } else if (type === 0 || type === 1) {
      entries.push({
        type: type === 0 ? 'data' : 'tree',
        id: body.toString('hex', position + 1, position + 33),
        offset: body.readUInt32LE(position + 33),
        length: body.readUInt32LE(position + 37),
      });
    } else fail('malformed', `${name}: entry type ${type}`);
    position += ENTRY_LENGTH;
  }
  return { entries, end: position };
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
  if (header.length % (32 * ENTRY_LENGTH) !== 0) fail('malformed', `${name}: the header is not a multiple of 32 entries`);
  const { entries } = parseEntries(header, 0, null, name);
  if (entries.length === 0) fail('malformed', `${name}: no blob`);
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  let end = PREFIX_LENGTH;
  for (const entry of sorted) {
    if (entry.offset < end || entry.offset + entry.length > headerStart) fail('malformed', `${name}: blob ${entry.id} overlaps or lies outside the blob area`);
    end = entry.offset + entry.length;
  }
  return { id, generation, entries, bytes };
}
