import type { AuditTrail } from '../audit/audit-trail.js';
import type { CertificateTrust } from '../certificates/capability.js';
import type { ColleagueDirectory } from '../directory/colleague-directory.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { TokenService } from '../token/token-service.js';
import type { WorkstationVault } from '../vault/workstation-vault.js';
import type { ZoneService } from '../zones/zone-service.js';
import { DocumentDecryptionJobs } from './document-decryption.js';
import { DocumentEncryptionJobs } from './document-encryption.js';
import { DocumentJobRunner } from './document-jobs.js';
import { DocumentService } from './document-service.js';
import type { FileDialogPort } from './file-dialog.js';
import type { DocumentFolders } from './document-folders.js';
import { documentHandlers, fileHandlers } from './handlers.js';
import { SealedPartJournal } from './part-journal.js';
import { MemoryRecentStore, RecentDocuments } from './recent-documents.js';
import { SealedRecentStore } from './sealed-recent-store.js';

export interface DocumentsDeps {
  readonly tokens: TokenService | undefined;
  readonly zones: ZoneService;
  readonly directory: ColleagueDirectory;
  readonly session: WorkstationSession;
  readonly vault: WorkstationVault | undefined;
  readonly audit: AuditTrail;
  readonly events: EventBus;
  /** Whom a received document's signer must chain to, for the viewer and for decrypting to a file alike. */
  readonly trust: CertificateTrust;
  /** The sender's intermediates, embedded so recipients can build the chain. */
  readonly intermediateDers: () => readonly Uint8Array[];
  /** Native file dialogs (Electron); absent: the renderer uses the browser's chooser. */
  readonly files: FileDialogPort | undefined;
  /** The inbox listed on the Documents screen and the default folder for decrypted files. */
  readonly folders: DocumentFolders;
}

/** Encrypted documents: open and view, encrypt and decrypt as jobs, the recent list, with the documents.* and files.* handlers. */
export function createDocuments({ tokens, zones, directory, session, vault, audit, events, trust, intermediateDers, files, folders }: DocumentsDeps) {
  // Temporary files of writes in flight are noted, sealed, so the next unlock removes what a crash left.
  const journal = vault === undefined ? undefined : new SealedPartJournal(() => vault.settings);
  const withJournal = journal === undefined ? {} : { journal };
  // File names of classified documents are sensitive too: the recent list is sealed, and kept in the
  // live zone's own store, so what was opened in one zone is never listed in another.
  const recent = new RecentDocuments(vault === undefined ? new MemoryRecentStore() : new SealedRecentStore(async () => (zones.status().active === null ? vault.settings : await zones.activeStore())));
  const jobs = new DocumentJobRunner(events, session);
  const services = {
    encryption: new DocumentEncryptionJobs({ tokens, zones, directory, audit, jobs, ...withJournal, intermediates: intermediateDers }),
    documents: new DocumentService({ tokens, zones, audit, session, recent, ...withJournal, trust, folders }),
    decryption: new DocumentDecryptionJobs({ tokens, zones, audit, jobs, ...withJournal, trust, folders }),
    recent,
  };
  return {
    ...services,
    /** The job runner, lent to document-signing/ (a signing is a document job too). */
    jobs,
    /** At unlock (session/token-unlock.ts): removes what crashed writes left; says how many files. */
    sweepLeftovers: (): Promise<number> => journal?.sweep() ?? Promise.resolve(0),
    handlers: documentHandlers(services, folders),
    fileHandlers: fileHandlers(files, folders),
  };
}
