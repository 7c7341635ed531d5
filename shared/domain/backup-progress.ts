// Zod-free (the renderer imports it at runtime): the schema is BackupProgress in ./backup.ts.

/** The counts of a BackupProgress. */
export interface ProgressCounts {
  readonly done: number;
  readonly total: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/** Whole percent done: of the bytes when the phase counts them, else of the items (the screen's bar, the terminal's line). */
export function progressPercent(progress: ProgressCounts): number {
  const [done, total] = progress.totalBytes > 0 ? [progress.bytes, progress.totalBytes] : [progress.done, progress.total];
  return total === 0 ? 0 : Math.min(100, Math.floor((100 * done) / total));
}
