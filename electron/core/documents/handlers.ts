import type { HandlersOf } from '../ipc/handlers-of.js';
import type { DocumentDecryptionJobs } from './document-decryption.js';
import type { DocumentEncryptionJobs } from './document-encryption.js';
import type { DocumentService } from './document-service.js';
import type { FileDialogPort } from './file-dialog.js';
import type { RecentDocuments } from './recent-documents.js';

export interface DocumentServices {
  readonly documents: DocumentService;
  readonly encryption: DocumentEncryptionJobs;
  readonly decryption: DocumentDecryptionJobs;
  readonly recent: RecentDocuments;
}

export function documentHandlers({ documents, encryption, decryption, recent }: DocumentServices): HandlersOf<'documents'> {
  return {
    open: ({ path }) => documents.open(path),
    view: ({ viewId }) => documents.encodedView(viewId),
    close: ({ viewId }) => ({ closed: documents.close(viewId) }),
    encrypt: (request) => encryption.start(request),
    cancelEncryption: ({ job }) => ({ cancelled: encryption.cancel(job) }),
    decrypt: (request) => decryption.start(request),
    cancelDecryption: ({ job }) => ({ cancelled: decryption.cancel(job) }),
    export: async ({ viewId, path }) => ({ path: await documents.export(viewId, path) }),
    // Not audited: the list only names what document.opened already recorded.
    recent: () => recent.list(),
    forgetRecent: async (request) => ({ removed: await ('all' in request ? recent.clear() : recent.forget(request.path)) }),
  };
}

/** Native dialogs where the shell has them (Electron); otherwise the UI takes typed paths. */
export function fileHandlers(files: FileDialogPort | undefined): HandlersOf<'files'> {
  return {
    chooseOpen: async ({ purpose }) => (files === undefined ? { available: false, path: null } : { available: true, path: await files.chooseOpen(purpose) }),
    chooseSave: async ({ suggestedName }) => (files === undefined ? { available: false, path: null } : { available: true, path: await files.chooseSave(suggestedName) }),
  };
}
