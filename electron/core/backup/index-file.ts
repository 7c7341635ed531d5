import { BackupFormatError } from './backup-format-error.js';
import { decodeEntries, encodeEntries, ENTRY_BYTES, sha256Hex, type PackEntry } from './pack.js';
import type { GenerationKeys } from './repository-keys.js';
import { aadOf, filePrefix, PREFIX_BYTES, readPrefix, seal, unseal } from './sealing.js';

/** What an index file says of one pack (docs/backup-repository.md, "Index files"). */
export interface IndexedPack {
  readonly pack: string;
  readonly generation: number;
  readonly entries: readonly PackEntry[];
}

export const indexName = (id: string): string => `index/${id}`;

export function buildIndexFile(keys: GenerationKeys, packs: readonly IndexedPack[]): { id: string; bytes: Buffer } {
  const body = Buffer.concat(
    packs.flatMap((pack) => {
      const head = Buffer.alloc(40);
      Buffer.from(pack.pack, 'hex').copy(head, 0);
      head.writeUInt32LE(pack.generation, 32);
      head.writeUInt32LE(pack.entries.length, 36);
      return [head, encodeEntries(pack.entries)];
    }),
  );
  const prefix = filePrefix('index', keys.generation);
  const bytes = Buffer.concat([prefix, seal(keys.sealKey, aadOf(`index ${prefix.toString('hex')}`), body)]);
  return { id: sha256Hex(bytes), bytes };
}

export function readIndexFile(bytes: Buffer, id: string, keysOf: (generation: number) => GenerationKeys | undefined): IndexedPack[] {
  const object = indexName(id);
  if (sha256Hex(bytes) !== id) throw new BackupFormatError('hashMismatch', object);
  const generation = readPrefix(bytes, 'index', object);
  const keys = keysOf(generation);
  if (keys === undefined) throw new BackupFormatError('sealBroken', object, `unknown key generation ${generation}`);
  const body = unseal(keys.sealKey, aadOf(`index ${bytes.subarray(0, PREFIX_BYTES).toString('hex')}`), bytes.subarray(PREFIX_BYTES), object);
  const packs: IndexedPack[] = [];
  for (let at = 0; at < body.length; ) {
    if (at + 40 > body.length) throw new BackupFormatError('malformed', object, 'truncated pack record');
    const count = body.readUInt32LE(at + 36);
    const end = at + 40 + count * ENTRY_BYTES;
    if (end > body.length) throw new BackupFormatError('malformed', object, 'truncated entries');
    packs.push({ pack: body.subarray(at, at + 32).toString('hex'), generation: body.readUInt32LE(at + 32), entries: decodeEntries(body.subarray(at + 40, end), object) });
    at = end;
  }
  return packs;
}
