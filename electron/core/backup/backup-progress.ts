import { lstat, readdir } from 'node:fs/promises';

/**
 * Progress and cancelling of a backup or restore (docs/backup-repository.md, "Progress and
 * cancelling"). Totals come from a pre-scan (backup: a walk of the folder's metadata; restore: the
 * snapshot's own `files` and `bytes`), so the screen shows done/total and an ETA from the start.
 */
export interface BackupProgress {
  /** `scanning`: totals are being counted (they grow); `working`: files are being read or written; `finishing`: index and snapshot. */
  readonly phase: 'scanning' | 'working' | 'finishing';
  readonly files: number;
  readonly filesTotal: number;
  readonly bytes: number;
  readonly bytesTotal: number;
  readonly elapsedMs: number;
  /** Milliseconds left at the rate so far; absent until there is a rate to speak of. */
  readonly etaMs?: number;
}

/** What a caller may pass to follow and stop a long operation; both optional, additive. */
export interface ProgressOptions {
  readonly onProgress?: (progress: BackupProgress) => void;
  /** Aborting stops the operation at the next chunk; it then throws BackupCancelledError. */
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

  report(phase: BackupProgress['phase'], force: boolean): void {
    if (this.onProgress === undefined) return;
    const now = this.now();
    if (!force && now - this.lastCall < EVERY_MS) return;
    this.lastCall = now;
    // A file that grew since the pre-scan must not show more than 100%.
    const filesTotal = Math.max(this.totals.files, this.files);
    const bytesTotal = Math.max(this.totals.bytes, this.bytes);
    const elapsedMs = now - this.started;
    const rate = this.bytes / elapsedMs;
    const etaMs = phase === 'working' && elapsedMs >= ETA_AFTER_MS && rate > 0 ? Math.round((bytesTotal - this.bytes) / rate) : undefined;
    this.onProgress({ phase, files: this.files, filesTotal, bytes: this.bytes, bytesTotal, elapsedMs: Math.round(elapsedMs), ...(etaMs === undefined ? {} : { etaMs }) });
  }
}

/**
 * The pre-scan: regular files and their bytes under `folder`, by the same rules as the backup (no
 * symlink followed, other file types skipped). Reports `scanning` as it goes.
 */
export async function scanFolder(folder: string, options: ProgressOptions = {}): Promise<{ files: number; bytes: number }> {
  const totals = { files: 0, bytes: 0 };
  let lastCall = -Infinity;
  const started = performance.now();
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
    const now = performance.now();
    if (options.onProgress !== undefined && now - lastCall >= EVERY_MS) {
      lastCall = now;
      options.onProgress({ phase: 'scanning', files: 0, filesTotal: totals.files, bytes: 0, bytesTotal: totals.bytes, elapsedMs: Math.round(now - started) });
    }
  };
  await walk(Buffer.from(folder));
  return totals;
}
