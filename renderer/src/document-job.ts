import type { EventPayload } from '../../shared/ipc/contract.js';
import type { IpcError } from '../../shared/ipc/errors.js';
import type { Reply } from '../../shared/ipc/reply.js';

// Pure module: one long document job as the screen shows it (encrypting a file, decrypting a
// large container to a file): started, progressing by events, cancellable, then done or failed.

export type DocumentJob =
  | { readonly status: 'running'; readonly job: string | null; readonly done: number; readonly total: number; readonly cancelling: boolean }
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
  // Events carry the job id; until the start's reply names it, the first job's events are taken.
  const mine = (job: string) => {
    const current = running();
    return current !== null && (current.job === null || current.job === job) ? current : null;
  };
  return {
    start: async (begin: () => Promise<Reply<{ job: string }>>): Promise<void> => {
      if (running() !== null) return;
      deps.show({ status: 'running', job: null, done: 0, total: 0, cancelling: false });
      const reply = await begin();
      const current = running();
      if (!reply.ok) return deps.show({ status: 'failed', error: reply.error });
      // The job may already have finished (a small file) before its id came back.
      if (current !== null && current.job === null) deps.show({ ...current, job: reply.value.job });
    },
    cancel: async (): Promise<void> => {
      const current = running();
      if (current?.job === null || current === null) return;
      deps.show({ ...current, cancelling: true });
      await deps.cancel(current.job);
    },
    progressed: (event: EventPayload<'documents.progress'>): void => {
      const current = mine(event.job);
      if (current !== null) deps.show({ ...current, job: event.job, done: event.done, total: event.total });
    },
    finished: (event: EventPayload<'documents.finished'>): void => {
      if (mine(event.job) === null) return;
      // The event's key is re-derived from its code: the UI only shows keys it has translations for.
      deps.show(event.ok ? { status: 'done', output: event.output } : { status: 'failed', error: { code: event.error.code, messageKey: `error.${event.error.code}`, ...(event.error.details === undefined ? {} : { details: event.error.details }) } });
    },
    dismiss: () => deps.show(null),
  };
}
