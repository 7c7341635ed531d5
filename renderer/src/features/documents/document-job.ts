import type { EventPayload } from '../../../../shared/ipc/contract.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { isEventOf, newJobId } from '../../job-id.js';

// Pure module: one long document job as the screen shows it (encrypting a file, decrypting a
// large container to a file): started, progressing by events, cancellable, then done or failed.

export type DocumentJob =
  | { readonly status: 'running'; readonly job: string; readonly done: number; readonly total: number; readonly cancelling: boolean }
  | { readonly status: 'done'; readonly output: string }
  | { readonly status: 'failed'; readonly error: IpcError };

export interface DocumentJobDeps {
  readonly cancel: (job: string) => Promise<Reply<{ cancelled: boolean }>>;
  readonly current: () => DocumentJob | null;
  readonly show: (job: DocumentJob | null) => void;
}

export function documentJobActions(deps: DocumentJobDeps) {
  const running = () => {
    const job = deps.current();
    return job?.status === 'running' ? job : null;
  };
  // Encrypting and decrypting share the documents.* events: the job's own id (chosen here, before
  // the start is sent) is what tells a panel's events from the other panel's.
  const mine = (event: { readonly job: string }) => {
    const current = running();
    return isEventOf(current, event) ? current : null;
  };
  return {
    /** `begin` sends the start with the id chosen here. */
    start: async (begin: (job: string) => Promise<Reply<{ job: string }>>): Promise<void> => {
      if (running() !== null) return;
      const job = newJobId();
      deps.show({ status: 'running', job, done: 0, total: 0, cancelling: false });
      const reply = await begin(job);
      if (!reply.ok && running()?.job === job) deps.show({ status: 'failed', error: reply.error });
    },
    cancel: async (): Promise<void> => {
      const current = running();
      if (current === null) return;
      deps.show({ ...current, cancelling: true });
      const reply = await deps.cancel(current.job);
      // Main had not registered the job yet (its start still being checked): Cancel may be pressed again.
      const now = running();
      if (reply.ok && !reply.value.cancelled && now?.job === current.job) deps.show({ ...now, cancelling: false });
    },
    progressed: (event: EventPayload<'documents.progress'>): void => {
      const current = mine(event);
      if (current !== null) deps.show({ ...current, done: event.done, total: event.total });
    },
    finished: (event: EventPayload<'documents.finished'>): void => {
      if (mine(event) === null) return;
      // The event's key is re-derived from its code: the UI only shows keys it has translations for.
      deps.show(event.ok ? { status: 'done', output: event.output } : { status: 'failed', error: { code: event.error.code, messageKey: `error.${event.error.code}`, ...(event.error.details === undefined ? {} : { details: event.error.details }) } });
    },
    dismiss: () => deps.show(null),
  };
}
