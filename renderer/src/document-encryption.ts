import type { Classification } from '../../shared/domain/classification.js';
import type { DirectoryEntryView } from '../../shared/domain/document.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import type { IpcError } from '../../shared/ipc/errors.js';
import type { Reply } from '../../shared/ipc/reply.js';
import { base64Of } from './crl-import.js';

// Pure module: the encrypting half of the Documents screen (directory and jobs), kept out of
// store.ts. Type-only shared imports, so zod stays out of the bundle.

export type Encryption =
  | { readonly status: 'running'; readonly job: string | null; readonly done: number; readonly total: number; readonly cancelling: boolean }
  | { readonly status: 'done'; readonly output: string }
  | { readonly status: 'failed'; readonly error: IpcError };

export type DirectoryImport = { readonly status: 'imported' | 'duplicate'; readonly name: string } | { readonly status: 'rejected'; readonly reason: string };

export interface EncryptionState {
  readonly directory: readonly DirectoryEntryView[] | null;
  readonly directoryImport: DirectoryImport | null;
  readonly encryption: Encryption | null;
  /** The file to encrypt as the form shows it: typed there, or a dropped file's path. */
  readonly source: string;
}

export const NO_ENCRYPTION: EncryptionState = { directory: null, directoryImport: null, encryption: null, source: '' };

export interface EncryptionForm {
  readonly source: string;
  readonly output: string;
  readonly recipients: readonly string[];
  readonly level: Classification;
  readonly caveats: readonly string[];
  readonly declassifyOn: string | null;
}

/** A public certificate file: read here (it holds no secret), checked by main. */
export const CERTIFICATE_MAX_BYTES = 100 * 1024;

export interface EncryptionDeps {
  readonly list: () => Promise<Reply<DirectoryEntryView[]>>;
  /** Not "importCertificate": the Electron security scan reads that name as app.importCertificate (TLS store). */
  readonly addColleague: (certificate: string) => Promise<Reply<{ status: 'imported' | 'duplicate'; entry: DirectoryEntryView } | { status: 'rejected'; reason: string }>>;
  readonly encrypt: (form: EncryptionForm) => Promise<Reply<{ job: string }>>;
  readonly cancel: (job: string) => Promise<Reply<{ cancelled: boolean }>>;
  readonly current: () => EncryptionState;
  readonly show: (state: EncryptionState) => void;
  readonly fail: (error: IpcError) => void;
}

export function encryptionActions(deps: EncryptionDeps) {
  const update = (part: Partial<EncryptionState>) => deps.show({ ...deps.current(), ...part });
  const load = async (): Promise<void> => {
    const reply = await deps.list();
    if (reply.ok) update({ directory: reply.value });
    else deps.fail(reply.error);
  };
  const running = () => {
    const encryption = deps.current().encryption;
    return encryption?.status === 'running' ? encryption : null;
  };
  return {
    loadDirectory: load,
    addColleague: async (file: Blob): Promise<void> => {
      update({ directoryImport: null });
      if (file.size > CERTIFICATE_MAX_BYTES) return update({ directoryImport: { status: 'rejected', reason: 'malformed' } });
      const reply = await deps.addColleague(base64Of(new Uint8Array(await file.arrayBuffer())));
      if (!reply.ok) return deps.fail(reply.error);
      const outcome = reply.value;
      update({ directoryImport: outcome.status === 'rejected' ? { status: 'rejected', reason: outcome.reason } : { status: outcome.status, name: outcome.entry.name } });
      await load();
    },
    encrypt: async (form: EncryptionForm): Promise<void> => {
      if (running() !== null) return;
      update({ encryption: { status: 'running', job: null, done: 0, total: 0, cancelling: false } });
      const reply = await deps.encrypt(form);
      const current = running();
      if (!reply.ok) return update({ encryption: { status: 'failed', error: reply.error } });
      // The job may already have finished (a small file) before its id came back.
      if (current !== null && current.job === null) update({ encryption: { ...current, job: reply.value.job } });
    },
    cancel: async (): Promise<void> => {
      const current = running();
      if (current?.job === null || current === null) return;
      update({ encryption: { ...current, cancelling: true } });
      await deps.cancel(current.job);
    },
    progressed: (event: EventPayload<'documents.progress'>): void => {
      const current = running();
      if (current === null || (current.job !== null && current.job !== event.job)) return;
      update({ encryption: { ...current, job: event.job, done: event.done, total: event.total } });
    },
    finished: (event: EventPayload<'documents.finished'>): void => {
      const current = running();
      if (current === null || (current.job !== null && current.job !== event.job)) return;
      // The event's key is re-derived from its code: the UI only shows keys it has translations for.
      update({ encryption: event.ok ? { status: 'done', output: event.output } : { status: 'failed', error: { code: event.error.code, messageKey: `error.${event.error.code}`, ...(event.error.details === undefined ? {} : { details: event.error.details }) } } });
    },
    dismiss: () => update({ encryption: null }),
    setSource: (source: string) => update({ source }),
  };
}
