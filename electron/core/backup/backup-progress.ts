import { lstat, readdir } from 'node:fs/promises';
import type { BackupPhase, BackupProgress } from '../../../shared/domain/backup.js';

export type { BackupPhase, BackupProgress };

/**
 * Progress and cancelling of every backup operation — backup, restore, check, forget, prune, the
 * restore drill (docs/backup-repository.md, "Progress and cancelling"). One shape, BackupProgress
 * (shared/domain/backup.ts: the IPC event carries it as it is). Totals come from a pre-scan (backup:
 * a walk of the folder's metadata; restore: the snapshot's `files` and `bytes`; the others: the
 * target's listing, the snapshot's trees), so the screen shows done/total and an ETA from the start.
 */
export interface ProgressOptions {
  readonly onProgress?: (progress: BackupProgress) => void;
  /** Aborting stops the operation at its next step; it then throws BackupCancelledError. */
  readonly signal?: AbortSignal;
}

/** The operation stopped because its AbortSignal was aborted; what was written stays valid (see the docs). */
export class BackupCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BackupCancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new BackupCancelledError();
}

// Calls closer than this are dropped (a folder of 100 000 small files would otherwise make as many).
const EVERY_MS = 100;
// An ETA from less than this much work is noise.
const ETA_AFTER_MS = 1000;

type Counts = Pick<BackupProgress, 'done' | 'total' | 'bytes' | 'totalBytes'>;

/** The progress of `counts` after `elapsedMs`, with the time left at that rate (bytes when counted, else items). */
function progressOf(phase: BackupPhase, counts: Counts, elapsedMs: number, withEta: boolean): BackupProgress {
  const [did, all] = counts.totalBytes > 0 ? [counts.bytes, counts.totalBytes] : [counts.done, counts.total];
  const etaMs = withEta && elapsedMs >= ETA_AFTER_MS && did > 0 ? Math.round(((all - did) * elapsedMs) / did) : undefined;
  return { phase, ...counts, elapsedMs: Math.round(elapsedMs), ...(etaMs === undefined ? {} : { etaMs }) };
}

/** Backup and restore: files and bytes as chunks go by, reported at most every 100 ms (and when forced). */
export class ProgressMeter {
  private files = 0;
  private bytes = 0;
  private lastCall = -Infinity;
  private readonly started: number;

  constructor(
    private totals: { files: number; bytes: number },
    private readonly onProgress: ((progress: BackupProgress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Counts work done; a file counts once it is whole. */
  advance(files: number, bytes: number): void {
    this.files += files;
    this.bytes += bytes;
    this.report('working', false);
  }

  report(phase: 'working' | 'finishing', force: boolean): void {
    if (this.onProgress === undefined) return;
    const now = this.now();
    if (!force && now - this.lastCall < EVERY_MS) return;
    this.lastCall = now;
    // A file that grew since the pre-scan must not show more than 100%.
    const counts = { done: this.files, total: Math.max(this.totals.files, this.files), bytes: this.bytes, totalBytes: Math.max(this.totals.bytes, this.bytes) };
    this.onProgress(progressOf(phase, counts, now - this.started, phase === 'working'));
  }
}

/** Check, forget, prune, the drill: one phase's steps (packs, snapshots, files) and bytes, each reported; `step` also honours the signal. */
export class PhaseProgress {
  private done = 0;
  private bytes = 0;
  private readonly started: number;

  constructor(
    private readonly hooks: ProgressOptions,
    private readonly phase: BackupPhase,
    private readonly total: number,
    private readonly totalBytes = 0,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    throwIfCancelled(hooks.signal);
    this.report();
  }

  step(bytes = 0): void {
    this.done++;
    this.bytes += bytes;
    this.report();
    throwIfCancelled(this.hooks.signal);
  }

  /** Bytes of the step under way (a large file's blobs, each at least 512 KiB), reported as they go; honours the signal too. */
  advance(bytes: number): void {
    this.bytes += bytes;
    this.report();
    throwIfCancelled(this.hooks.signal);
  }

  private report(): void {
    this.hooks.onProgress?.(progressOf(this.phase, { done: this.done, total: this.total, bytes: this.bytes, totalBytes: this.totalBytes }, this.now() - this.started, true));
  }
}

/** A pre-scan's reports (`scanning`: the totals growing, nothing done yet), at most every 100 ms unless forced. */
export class ScanProgress {
  #lastCall = -Infinity;
  readonly #started: number;

  constructor(
    private readonly onProgress: ((progress: BackupProgress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#started = now();
  }

  report(totals: { readonly files: number; readonly bytes: number }, force = false): void {
    if (this.onProgress === undefined) return;
    const now = this.now();
    if (!force && now - this.#lastCall < EVERY_MS) return;
    this.#lastCall = now;
    this.onProgress(progressOf('scanning', { done: 0, total: totals.files, bytes: 0, totalBytes: totals.bytes }, now - this.#started, false));
  }
}

/**
 * The pre-scan: regular files and their bytes under `folder`, by the same rules as the backup (no
 * symlink followed, other file types skipped). Reports `scanning` as it goes.
 */
export async function scanFolder(folder: string, options: ProgressOptions = {}): Promise<{ files: number; bytes: number }> {
  const totals = { files: 0, bytes: 0 };
  const scan = new ScanProgress(options.onProgress);
  const walk = async (directory: Buffer): Promise<void> => {
    for (const name of await readdir(directory, { encoding: 'buffer' })) {
      throwIfCancelled(options.signal);
      const full = Buffer.concat([directory, Buffer.from('/'), name]);
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) {
        totals.files++;
        totals.bytes += info.size;
      }
    }
    scan.report(totals);
  };
  await walk(Buffer.from(folder));
  return totals;
}
