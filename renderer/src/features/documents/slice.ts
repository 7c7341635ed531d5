import { dropDocuments, type DropOutcome, type DroppedItem } from './document-drop.js';
import { encryptionActions, NO_ENCRYPTION, type EncryptionForm, type EncryptionState } from './document-encryption.js';
import { documentActions, NO_DOCUMENTS, type DocumentsState, type ExportTarget } from './documents.js';
import type { ChoosePurpose } from '../../../../shared/domain/file-name.js';
import type { Slice } from '../slice.js';

// The Documents screen: received documents (open, read, export, decrypt to a file), the recent
// list, the colleagues' directory and encrypting. Emptied at every lock (the core wipes the plaintext then too).

export interface DocumentsSliceState {
  readonly documents: DocumentsState;
  /** Colleagues' directory and the encryption job this window started. */
  readonly encryption: EncryptionState;
}

export interface DocumentsActions {
  /** The shell's own dialog (Electron), when it has one: the chosen paths, none if cancelled. */
  readonly chooseNative: (purpose: ChoosePurpose) => Promise<string[]>;
  /** The paths of Files the user chose in the browser's chooser (the bridge's pathOf, as for a drop); null where a File has none. */
  readonly pathsOfFiles: (files: readonly unknown[]) => Promise<(string | null)[]>;
  /** The shell's save dialog (Electron) for a file named `suggested`: the path, or null (cancelled, or no dialog). */
  readonly chooseSavePath: (suggested: string) => Promise<string | null>;
  readonly loadPlaces: () => Promise<void>;
  readonly loadInbox: () => Promise<void>;
  /** A path chosen, typed or listed; main checks it. */
  readonly openDocument: (path: string) => Promise<void>;
  readonly showDocument: () => Promise<void>;
  /** Asks main for the recent list (sealed there; readable while unlocked). */
  readonly loadRecentDocuments: () => Promise<void>;
  /** Takes one path (null: every entry) off the recent list; the files stay where they are. */
  readonly forgetRecentDocument: (path: string | null) => Promise<void>;
  readonly closeDocument: () => Promise<void>;
  /** null: ask the shell's save dialog. */
  readonly exportDocument: (path: string | null) => Promise<void>;
  /** The container too large for the viewer, decrypted to a path or into a folder (null: the save dialog) as a job. */
  readonly decryptDocumentToFile: (target: ExportTarget | null) => Promise<void>;
  readonly cancelDecryption: () => Promise<void>;
  readonly dismissTooLarge: () => void;
  readonly loadDirectory: () => Promise<void>;
  readonly importColleague: (file: Blob) => Promise<void>;
  readonly encryptDocument: (form: EncryptionForm) => Promise<void>;
  readonly cancelEncryption: () => Promise<void>;
  readonly dismissEncryption: () => void;
  /** The encrypt form's file field (typed, or a dropped file's path). */
  readonly setEncryptSource: (path: string) => void;
  /** Files dropped on the Documents screen: a container opens, another file goes to the encrypt form (document-drop.ts). */
  readonly dropDocuments: (items: readonly DroppedItem[]) => Promise<DropOutcome | null>;
}

export const documentsSlice: Slice<DocumentsSliceState, DocumentsActions> = {
  initial: { documents: NO_DOCUMENTS, encryption: NO_ENCRYPTION },
  // The recent list names files and signers: it goes with the lock too.
  atLock: { documents: 'reset', encryption: 'reset' },
  busy: [],
  create: ({ api, get, set, settle, fail, clearError, fresh }) => {
    const documents = documentActions({
      chooseSave: (suggestedName) => settle(() => api.files.chooseSave({ suggestedName })),
      open: (path) => settle(() => api.documents.open({ path })),
      view: (viewId) => settle(() => api.documents.view({ viewId })),
      close: (viewId) => settle(() => api.documents.close({ viewId })),
      export: (viewId, path) => settle(() => api.documents.export({ viewId, path })),
      recent: () => settle(() => api.documents.recent({})),
      places: () => settle(() => api.files.places({})),
      inbox: () => settle(() => api.documents.inbox({})),
      forgetRecent: (path) => settle(() => api.documents.forgetRecent(path === null ? { all: true } : { path })),
      decrypt: (source, target, job) => settle(() => api.documents.decrypt('path' in target ? { source, output: target.path, job } : { source, folder: target.folder, job })),
      cancelDecryption: (job) => settle(() => api.documents.cancelDecryption({ job })),
      current: () => get().documents,
      show: (state) => set({ documents: state }),
      fail,
    });
    const encryption = encryptionActions({
      list: () => settle(() => api.directory.list({})),
      addColleague: (certificate) => settle(() => api.directory.import({ certificate })),
      encrypt: (form, job) => settle(() => api.documents.encrypt({ source: form.source, output: form.output, recipients: [...form.recipients], label: { level: form.level, caveats: [...form.caveats], declassifyOn: form.declassifyOn }, job })),
      cancel: (job) => settle(() => api.documents.cancelEncryption({ job })),
      current: () => get().encryption,
      show: (state) => set({ encryption: state }),
      fail,
    });
    return {
      actions: {
        chooseNative: async (purpose: ChoosePurpose) => {
          clearError();
          const reply = await settle(() => api.files.chooseOpen({ purpose }));
          if (reply.ok) return reply.value.paths;
          fail(reply.error);
          return [];
        },
        // A bridge that throws is one that cannot say: the typed-path fields still work.
        pathsOfFiles: (files: readonly unknown[]) => Promise.all(files.map((file) => api.files.pathOf(file).catch(() => null))),
        chooseSavePath: async (suggested: string) => {
          clearError();
          const reply = await settle(() => api.files.chooseSave({ suggestedName: suggested }));
          if (reply.ok) return reply.value.path;
          fail(reply.error);
          return null;
        },
        loadPlaces: documents.loadPlaces,
        loadInbox: documents.loadInbox,
        openDocument: fresh(documents.openPath),
        showDocument: documents.showContent,
        loadRecentDocuments: documents.loadRecent,
        forgetRecentDocument: fresh(documents.forgetRecent),
        closeDocument: documents.close,
        exportDocument: fresh(documents.exportTo),
        decryptDocumentToFile: fresh(documents.decryptToFile),
        cancelDecryption: documents.cancelDecryption,
        dismissTooLarge: documents.dismissTooLarge,
        loadDirectory: encryption.loadDirectory,
        importColleague: fresh(encryption.addColleague),
        encryptDocument: fresh(encryption.encrypt),
        cancelEncryption: encryption.cancel,
        dismissEncryption: encryption.dismiss,
        setEncryptSource: encryption.setSource,
        dropDocuments: fresh((items: readonly DroppedItem[]) =>
          dropDocuments(items, {
            // A bridge that throws is one that cannot say: the typed-path fields still work.
            pathOf: (file) => api.files.pathOf(file).catch(() => null),
            open: documents.openPath,
            encryptSource: encryption.setSource,
          }),
        ),
      },
      // Encrypting and decrypting share these events; each panel takes only its own job's (job-id.ts).
      events: (on) => [on('documents.progress', encryption.progressed), on('documents.finished', encryption.finished), on('documents.progress', documents.decryptionProgressed), on('documents.finished', documents.decryptionFinished)],
    };
  },
};
