import { ipcError, type IpcError } from '../../shared/ipc/errors.js';
import { DomainError } from './domain-error.js';
import { jobIdFor } from './job-id.js';

/** Progress at most this often: a large transfer would otherwise flood the renderer. */
const PROGRESS_EVERY_MS = 200;

/** What a job's work is given: its cancel signal and a progress callback (throttled here). */
export interface BackgroundJobContext {
  readonly signal: AbortSignal;
  readonly progress: (done: number, total: number) => void;
}

export type BackgroundJobEnd<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError; readonly cause: unknown };

/** Where a capability sends its job's events (its own `<capability>.progress` / `.finished`). */
export interface BackgroundJobEvents<T> {
  progress(job: string, done: number, total: number): void;
  finished(job: string, end: BackgroundJobEnd<T>): void;
}

/**
 * Long jobs of a capability (documents' encryption, messaging's compose with its uploads): the renderer's own id (so its
 * panel knows the events from the first), a cancel, throttled progress and one finished event.
 * Locking aborts every running job: the keys are wiped, so none may carry on.
 */
export class BackgroundJobs {
  readonly #running = new Map<string, AbortController>();

  /** `errorOf`: how the capability names a failure (`aborted`: the user or a lock cancelled the job). */
  constructor(
    session: { onLock(listener: () => void): () => void },
    private readonly errorOf: (cause: unknown, aborted: boolean) => IpcError,
  ) {
    session.onLock(() => {
      for (const controller of this.#running.values()) controller.abort();
    });
  }

  start<T>(requested: string | undefined, work: (context: BackgroundJobContext) => Promise<T>, events: BackgroundJobEvents<T>): { job: string } {
    const job = jobIdFor(requested, this.#running);
    const controller = new AbortController();
    this.#running.set(job, controller);
    let lastProgress = 0;
    const progress = (done: number, total: number): void => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      events.progress(job, done, total);
    };
    void work({ signal: controller.signal, progress }).then(
      (value) => {
        this.#running.delete(job);
        events.finished(job, { ok: true, value });
      },
      (cause: unknown) => {
        this.#running.delete(job);
        events.finished(job, { ok: false, error: this.errorOf(cause, controller.signal.aborted), cause });
      },
    );
    return { job };
  }

  cancel(job: string): boolean {
    const controller = this.#running.get(job);
    controller?.abort();
    return controller !== undefined;
  }
}

/** A failure as the renderer hears it when the capability knows no better: its code, a full disk, or an internal error. */
export function jobError(error: unknown): IpcError {
  if (error instanceof DomainError) return ipcError(error.code, error.details);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return ipcError('store.diskFull');
  return ipcError('ipc.internal');
}
