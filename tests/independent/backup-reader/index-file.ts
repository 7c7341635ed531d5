// "Index files": prefix (kind 2) || seal(for each pack: id || u32le generation || u32le count || entries).
import type { GenerationKeys } from './keys.js';
import { fail } from './errors.js';
import { ENTRY_LENGTH, type PackEntry, parseEntries } from './pack.js';
import { sha256Hex } from './primitives.js';
import { openSealedBody } from './sealed-file.js';

export interface IndexedPack {
  readonly pack: string;
  readonly generation: number;
  readonly entries: PackEntry[];
}

export function readIndexFile(id: string, bytes: Buffer, keysOf: (generation: number) => GenerationKeys): IndexedPack[] {
  const name = `index/${id}`;
  if (sha256Hex(bytes) !== id) fail('hashMismatch', name);
  const body = openSealedBody(bytes, 'index', name, keysOf);
  const packs: IndexedPack[] = [];
  for (let at = 0; at < body.length; ) {
    if (at + 40 > body.length) fail('malformed', `${name}: a pack record is cut short`);
    const pack = body.toString('hex', at, at + 32);
    const generation = body.readUInt32LE(at + 32);
    const count = body.readUInt32LE(at + 36);
    const end = at + 40 + count * ENTRY_LENGTH;
    if (end > body.length) fail('malformed', `${name}: the entries of pack ${pack} are cut short`);
    packs.push({ pack, generation, entries: parseEntries(body.subarray(at + 40, end), name) });
    at = end;
  }
  return packs;
}
