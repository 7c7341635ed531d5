import type { HandlersOf } from '../ipc/handlers-of.js';
import type { DocumentDecryptionJobs } from './document-decryption.js';
import type { DocumentEncryptionJobs } from './document-encryption.js';
import type { DocumentService } from './document-service.js';
import type { FileDialogPort } from './file-dialog.js';
import { listInbox, type DocumentFolders } from './document-folders.js';
import type { RecentDocuments } from './recent-documents.js';

export interface DocumentServices {
  readonly documents: DocumentService;
  readonly encryption: DocumentEncryptionJobs;
  readonly decryption: DocumentDecryptionJobs;
  readonly recent: RecentDocuments;
}

export function documentHandlers({ documents, encryption, decryption, recent }: DocumentServices, folders: DocumentFolders): HandlersOf<'documents'> {
  return {
    open: ({ path }) => documents.open(path),
    view: ({ viewId }) => documents.encodedView(viewId),
    close: ({ viewId }) => ({ closed: documents.close(viewId) }),
    encrypt: (request) => encryption.start(request),
    cancelEncryption: ({ job }) => ({ cancelled: encryption.cancel(job) }),
    decrypt: (request) => decryption.start(request),
    cancelDecryption: ({ job }) => ({ cancelled: decryption.cancel(job) }),
    export: async ({ viewId, path }) => ({ path: await documents.export(viewId, path) }),
    // Not audited: listing names files, it opens none (the open is audited).
    inbox: () => listInbox(folders.inbox),
    // Not audited: the list only names what document.opened already recorded.
    recent: () => recent.list(),
    forgetRecent: async (request) => ({ removed: await ('all' in request ? recent.clear() : recent.forget(request.path)) }),
  };
}

/** Native dialogs where the shell has them (Electron); otherwise the renderer uses the browser's chooser. */
export function fileHandlers(files: FileDialogPort | undefined, folders: DocumentFolders): HandlersOf<'files'> {
  return {
    chooseOpen: async ({ purpose }) => (files === undefined ? { available: false, paths: [] } : { available: true, paths: await files.chooseOpen(purpose) }),
    places: () => ({ dialogs: files !== undefined, exports: folders.exports, inbox: folders.inbox }),
    chooseSave: async ({ suggestedName }) => (files === undefined ? { available: false, path: null } : { available: true, path: await files.chooseSave(suggestedName) }),
  };
}
