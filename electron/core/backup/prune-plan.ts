import { BackupFormatError } from './backup-format-error.js';
import type { IndexedPack } from './index-file.js';
import { packName, type PackEntry } from './pack.js';

/** A pack as prune sees it: where its entries came from, and its size on the target. */
export interface PrunedPack extends IndexedPack {
  readonly size: number;
  readonly indexed: boolean;
}

export interface PrunePlan {
  /** Packs left as they are (all their blobs needed, or too few unused to be worth rewriting). */
  readonly keep: PrunedPack[];
  /** Packs whose needed blobs are copied into new packs, then removed. */
  readonly repack: { readonly pack: PrunedPack; readonly entries: PackEntry[] }[];
  /** Packs nothing needs. */
  readonly remove: PrunedPack[];
  readonly usedBlobs: number;
  readonly unusedBlobs: number;
}

export const blobKey = (type: string, id: string): string => `${type} ${id}`;
const bytesOf = (entries: readonly PackEntry[]) => entries.reduce((sum, entry) => sum + entry.length, 0);

/**
 * Decides each pack's fate from the set of blobs the snapshots need (`used`, keys `type id`). Each
 * needed blob is claimed by exactly one pack — indexed packs first, fuller packs first — so a
 * duplicate an interrupted backup left counts as unused. A pack is repacked when its unused bytes
 * are at least `repackUnused` of its blob bytes. Throws `blobMissing` when a needed blob is in no pack.
 */
export function planPrune(packs: readonly PrunedPack[], used: ReadonlySet<string>, repackUnused: number): PrunePlan {
  const usedIn = (pack: PrunedPack) => pack.entries.filter((entry) => used.has(blobKey(entry.type, entry.id.toString('hex')))).length / Math.max(1, pack.entries.length);
  const order = [...packs].sort((a, b) => Number(b.indexed) - Number(a.indexed) || usedIn(b) - usedIn(a) || a.pack.localeCompare(b.pack));
  const claimed = new Set<string>();
  const plan: PrunePlan = { keep: [], repack: [], remove: [], usedBlobs: 0, unusedBlobs: 0 };
  let unused = 0;
  for (const pack of order) {
    const mine = pack.entries.filter((entry) => {
      const key = blobKey(entry.type, entry.id.toString('hex'));
      if (!used.has(key) || claimed.has(key)) return false;
      claimed.add(key);
      return true;
    });
    unused += pack.entries.length - mine.length;
    const unusedBytes = bytesOf(pack.entries) - bytesOf(mine);
    if (mine.length === 0) plan.remove.push(pack);
    else if (unusedBytes === 0 || unusedBytes < repackUnused * bytesOf(pack.entries)) plan.keep.push(pack);
    else plan.repack.push({ pack, entries: mine });
  }
  for (const key of used) if (!claimed.has(key)) throw new BackupFormatError('blobMissing', 'data/', key);
  return { ...plan, usedBlobs: claimed.size, unusedBlobs: unused };
}

export const packFile = (pack: PrunedPack): string => packName(pack.pack);
