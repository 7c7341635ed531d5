import { throwIfCancelled } from './backup-progress.js';

/**
 * What every repository operation (check, forget, prune, restore drill) takes besides its inputs:
 * a signal to cancel it and a progress callback. Totals come from a pre-scan (the files listed on
 * the target, the snapshot's tree), so a screen can show "n of m" and an ETA.
 */
export interface OperationProgress {
  /** What the operation is doing now (`read`, `repack`, `delete`, `restore`, `compare`, …). */
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  /** Bytes read or written so far in this phase. */
  readonly bytes: number;
  /** Bytes this phase will handle, when the pre-scan knows. */
  readonly totalBytes?: number;
}

export interface OperationHooks {
  /** Cancels between steps (BackupCancelledError, as backup and restore); every step leaves a repository that checks clean. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: OperationProgress) => void;
}

/** Counts one phase's steps and bytes and reports them; `step` also honours the signal. */
export class PhaseProgress {
  private done = 0;
  private bytes = 0;

  constructor(
    private readonly hooks: OperationHooks,
    private readonly phase: string,
    private readonly total: number,
    private readonly totalBytes?: number,
  ) {
    throwIfCancelled(hooks.signal);
    this.report();
  }

  step(bytes = 0): void {
    this.done++;
    this.bytes += bytes;
    this.report();
    throwIfCancelled(this.hooks.signal);
  }

  private report(): void {
    this.hooks.onProgress?.({ phase: this.phase, done: this.done, total: this.total, bytes: this.bytes, ...(this.totalBytes === undefined ? {} : { totalBytes: this.totalBytes }) });
  }
}
