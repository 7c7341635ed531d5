import type { Classification } from '../../../../shared/domain/classification.js';
import type { DirectoryEntryView } from '../../../../shared/domain/document.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { base64Of } from '../../base64.js';
import { documentJobActions, type DocumentJob } from './document-job.js';

// Pure module: the encrypting half of the Documents screen (directory and jobs), kept out of
// store.ts. Type-only shared imports, so zod stays out of the bundle.

export type Encryption = DocumentJob;

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
  /** `job`: the id this window chose for the job (job-id.ts). */
  readonly encrypt: (form: EncryptionForm, job: string) => Promise<Reply<{ job: string }>>;
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
  const job = documentJobActions({ cancel: deps.cancel, current: () => deps.current().encryption, show: (encryption) => update({ encryption }) });
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
    encrypt: (form: EncryptionForm): Promise<void> => job.start((id) => deps.encrypt(form, id)),
    cancel: job.cancel,
    progressed: job.progressed,
    finished: job.finished,
    dismiss: job.dismiss,
    setSource: (source: string) => update({ source }),
  };
}
