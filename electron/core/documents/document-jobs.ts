import { ipcError, type IpcError } from '../../../shared/ipc/errors.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';
import { BackgroundJobs, type BackgroundJobContext, type BackgroundJobEnd } from '../background-jobs.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import { withErrorCode } from './document-service.js';

/** What a job's work is given: its cancel signal and a progress callback (throttled). */
export type JobContext = BackgroundJobContext;

/** How a job ended, for its owner's audit entry; the events are sent by the runner. */
export type JobEnd<T> = BackgroundJobEnd<T>;

/**
 * The long document jobs (encrypting a file, decrypting a container to a file): an id (the
 * renderer's own, so its panel knows the job's events from the first), a cancel,
 * 'documents.progress' events at most every 200 ms, and one 'documents.finished' event. Locking
 * aborts every running job: the keys are wiped, so no job may carry on holding its file key.
 */
export class DocumentJobRunner {
  readonly #jobs: BackgroundJobs;

  constructor(
    private readonly events: EventBus,
    session: Pick<WorkstationSession, 'onLock'>,
  ) {
    this.#jobs = new BackgroundJobs(session, (cause) => toIpcError(cause));
  }

  /**
   * Starts `work` in the background under `requested` (the renderer's id; see job-id.ts); `ended`
   * records the outcome (audit) before the finished event goes out.
   */
  start<T extends { readonly output: string; readonly bytes: number }>(requested: string | undefined, work: (context: JobContext) => Promise<T>, ended: (end: JobEnd<T>) => void): { job: string } {
    return this.#jobs.start(requested, work, {
      progress: (job, done, total) => this.events.emit('documents.progress', { job, done, total }),
      finished: (job, end) => {
        ended(end);
        if (!end.ok) return this.events.emit('documents.finished', { job, ok: false, error: end.error });
        this.events.emit('documents.progress', { job, done: end.value.bytes, total: end.value.bytes });
        this.events.emit('documents.finished', { job, ok: true, output: end.value.output });
      },
    });
  }

  cancel(job: string): boolean {
    return this.#jobs.cancel(job);
  }
}

/** How a job's failure reaches the renderer: its code, or a full disk, or an internal error. */
function toIpcError(error: unknown): IpcError {
  const coded = withErrorCode(error);
  if (coded instanceof DomainError) return ipcError(coded.code, coded.details);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return ipcError('store.diskFull');
  // The plaintext file grew or shrank while the threads read it (chunk-threads.ts): nothing was made.
  if (code === 'ESOURCECHANGED') return ipcError('document.sourceChanged');
  // The proposed folder (the source's, media often read-only) refused the file: the user can choose another.
  return ipcError(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'document.folderNotWritable' : 'ipc.internal');
}
