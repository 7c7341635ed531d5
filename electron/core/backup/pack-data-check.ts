import { BackupFormatError } from './backup-format-error.js';
import { openBlob, type BlobKeys } from './blob-codec.js';
import type { PackEntry } from './pack.js';
import type { InPlaceUnsealer } from './sealing.js';

/** `all`, none, or the m-th part of n (restic's `--read-data-subset=n/m`, n from 1). */
export type ReadData = 'none' | 'all' | { readonly subset: number; readonly of: number };

/**
 * Whether check opens this pack's blobs. A subset is chosen by the pack's own id (already a hash, so
 * packs spread evenly): pack p is in part `1 + (first 32 bits of p) mod m`. Running parts 1…m, in any
 * order and on any days, opens every pack that existed throughout; the caller remembers only the
 * next part's number, which says nothing of the data.
 */
export function packInDataSubset(packId: string, readData: ReadData): boolean {
  if (readData === 'none' || readData === 'all') return readData === 'all';
  const { subset, of } = readData;
  if (!Number.isInteger(of) || of < 1 || !Number.isInteger(subset) || subset < 1 || subset > of) throw new RangeError(`no such data subset: ${subset}/${of}`);
  return (Number.parseInt(packId.slice(0, 8), 16) % of) + 1 === subset;
}

/**
 * Opens every blob of a pack already read whole and hashed: decrypts it, decompresses it and checks
 * that its keyed hash is its id. Returns each blob's chunk length (for the file sizes) and the
 * problems, each naming the pack. With `inPlace` the blobs are opened in the pack's own memory
 * (a worker thread's copy, read for this check only: its bytes are overwritten).
 */
export async function openPackBlobs(bytes: Buffer, entries: readonly PackEntry[], keys: BlobKeys, object: string, inPlace?: InPlaceUnsealer): Promise<{ lengths: Map<string, number>; problems: BackupFormatError[] }> {
  const lengths = new Map<string, number>();
  const problems: BackupFormatError[] = [];
  for (const entry of entries) {
    try {
      const chunk = await openBlob(keys, entry.type, entry.id, bytes.subarray(entry.offset, entry.offset + entry.length), object, inPlace);
      lengths.set(entry.id.toString('hex'), chunk.length);
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      problems.push(error.message.includes(entry.id.toString('hex')) ? error : new BackupFormatError(error.problem, object, `blob ${entry.id.toString('hex')}`));
    }
  }
  return { lengths, problems };
}
