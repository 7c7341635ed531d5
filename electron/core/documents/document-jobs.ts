import { ipcError, type IpcError } from '../../../shared/ipc/errors.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';
import { jobIdFor } from '../job-id.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import { withErrorCode } from './document-service.js';

/** Progress at most this often: a 4 GiB file would otherwise send 65 536 events. */
const PROGRESS_EVERY_MS = 200;

/** What a job's work is given: its cancel signal and a progress callback (throttled here). */
export interface JobContext {
  readonly signal: AbortSignal;
  readonly progress: (done: number, total: number) => void;
}

/** How a job ended, for its owner's audit entry; the events are sent by the runner. */
export type JobEnd<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError; readonly cause: unknown };

/**
 * The long document jobs (encrypting a file, decrypting a container to a file): an id (the
 * renderer's own, so its panel knows the job's events from the first), a cancel,
 * 'documents.progress' events at most every 200 ms, and one 'documents.finished' event. Locking
 * aborts every running job: the keys are wiped, so no job may carry on holding its file key.
 */
export class DocumentJobRunner {
  readonly #running = new Map<string, AbortController>();

  constructor(
    private readonly events: EventBus,
    session: Pick<WorkstationSession, 'onLock'>,
  ) {
    session.onLock(() => {
      for (const controller of this.#running.values()) controller.abort();
    });
  }

  /**
   * Starts `work` in the background under `requested` (the renderer's id; see job-id.ts); `ended`
   * records the outcome (audit) before the finished event goes out.
   */
  start<T extends { readonly output: string; readonly bytes: number }>(requested: string | undefined, work: (context: JobContext) => Promise<T>, ended: (end: JobEnd<T>) => void): { job: string } {
    const job = jobIdFor(requested, this.#running);
    const controller = new AbortController();
    this.#running.set(job, controller);
    let lastProgress = 0;
    const progress = (done: number, total: number) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      this.events.emit('documents.progress', { job, done, total });
    };
    void work({ signal: controller.signal, progress }).then(
      (value) => {
        this.#running.delete(job);
        ended({ ok: true, value });
        this.events.emit('documents.progress', { job, done: value.bytes, total: value.bytes });
        this.events.emit('documents.finished', { job, ok: true, output: value.output });
      },
      (cause: unknown) => {
        this.#running.delete(job);
        const error = toIpcError(cause);
        ended({ ok: false, error, cause });
        this.events.emit('documents.finished', { job, ok: false, error });
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

/** How a job's failure reaches the renderer: its code, or a full disk, or an internal error. */
function toIpcError(error: unknown): IpcError {
  const coded = withErrorCode(error);
  if (coded instanceof DomainError) return ipcError(coded.code, coded.details);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return ipcError('store.diskFull');
  // The proposed folder (the source's, media often read-only) refused the file: the user can choose another.
  return ipcError(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'document.folderNotWritable' : 'ipc.internal');
}
