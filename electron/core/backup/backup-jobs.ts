import type { BackupJobValue } from '../../../shared/domain/backup.js';
import { ipcError } from '../../../shared/ipc/errors.js';
import { BackgroundJobs, jobError, type BackgroundJobContext } from '../background-jobs.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { BackupProgress } from './backup-progress.js';
import { backupFailure, type BackupControl } from './backup-service.js';

/**
 * Backing up, restoring and verifying as jobs: the request answers the job's id at once,
 * 'backups.progress' follows, 'backups.finished' says how it ended. Cancel (or a lock, which wipes
 * the keys) aborts it between packs; the repository stays valid.
 */
export class BackupJobs {
  readonly #jobs: BackgroundJobs;

  constructor(
    private readonly events: EventBus,
    session: Pick<WorkstationSession, 'onLock'>,
  ) {
    this.#jobs = new BackgroundJobs(session, (cause, aborted) => (aborted ? ipcError('backup.cancelled') : jobError(backupFailure(cause))));
  }

  start(requested: string | undefined, work: (control: BackupControl) => Promise<BackupJobValue>): { job: string } {
    // BackgroundJobs throttles by its (done, total) calls; the event carries the newest whole progress.
    let newest: BackupProgress | undefined;
    const run = (context: BackgroundJobContext) =>
      work({
        signal: context.signal,
        progress: (progress) => {
          newest = progress;
          context.progress(progress.done, progress.total);
        },
      });
    return this.#jobs.start(requested, run, {
      progress: (job) => {
        if (newest !== undefined) this.events.emit('backups.progress', { job, ...newest });
      },
      finished: (job, end) => {
        this.events.emit('backups.finished', end.ok ? { job, ok: true, value: end.value } : { job, ok: false, error: end.error });
        if (end.ok ? end.value.kind === 'run' : true) this.events.emit('backups.changed', {});
      },
    });
  }

  cancel(job: string): boolean {
    return this.#jobs.cancel(job);
  }
}
