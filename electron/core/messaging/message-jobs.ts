/**
 * Compose as a job: signing on the token, encrypting and uploading attachments can take a while,
 * so the request returns the job's id at once; 'messages.progress' follows the uploads and
 * 'messages.finished' says the message id and whether it was queued or sent. Cancel (or a lock)
 * aborts it; nothing half-made is queued (the writer's contract).
 */
import type { ComposeRequest } from '../../../shared/domain/message.js';
import { ipcError } from '../../../shared/ipc/errors.js';
import { BackgroundJobs, jobError } from '../background-jobs.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { MessagingFacade } from './messaging-ports.js';

export class MessageJobs {
  readonly #jobs: BackgroundJobs;

  constructor(
    private readonly messaging: Pick<MessagingFacade, 'compose'>,
    private readonly events: EventBus,
    session: Pick<WorkstationSession, 'onLock'>,
  ) {
    this.#jobs = new BackgroundJobs(session, (cause, aborted) => (aborted ? ipcError('messaging.cancelled') : jobError(cause)));
  }

  start(request: ComposeRequest): { job: string } {
    return this.#jobs.start(request.job, ({ signal, progress }) => this.messaging.compose(request, { signal, onProgress: progress }), {
      progress: (job, done, total) => this.events.emit('messages.progress', { job, done, total }),
      finished: (job, end) => this.events.emit('messages.finished', end.ok ? { job, ok: true, messageId: end.value.messageId, queued: end.value.queued } : { job, ok: false, error: end.error }),
    });
  }

  cancel(job: string): boolean {
    return this.#jobs.cancel(job);
  }

  /** An attachment's download under the renderer's job id: the same progress events, cancelled the same way. */
  fetch<T>(requested: string | undefined, work: (control: { signal: AbortSignal; onProgress: (done: number, total: number) => void }) => Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#jobs.start(requested, ({ signal, progress }) => work({ signal, onProgress: progress }), {
        progress: (job, done, total) => this.events.emit('messages.progress', { job, done, total }),
        finished: (_job, end) => (end.ok ? resolve(end.value) : reject(end.cause)),
      });
    });
  }
}
