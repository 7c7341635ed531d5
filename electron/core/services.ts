import type { AppInfo } from '../../shared/ipc/contract.js';
import type { EventBus } from './event-bus.js';
import type { WorkstationSession } from './session/workstation-session.js';
import type { UserSettings } from './settings/user-settings.js';
import type { ZoneService } from './zones/zone-service.js';
import type { MessagingService } from './messaging/messaging-service.js';
import type { BackupService } from './backup/backup-service.js';
import type { BackupScheduler } from './backup/backup-schedule.js';
import type { DocumentService } from './documents/document-service.js';
import type { RecentDocuments } from './documents/recent-documents.js';
import type { DocumentFolders } from './documents/document-folders.js';
import type { FileDialogPort } from './documents/file-dialog.js';
import type { DocumentDecryptionJobs } from './documents/document-decryption.js';
import type { DocumentEncryptionJobs } from './documents/document-encryption.js';
import type { ColleagueDirectory } from './directory/colleague-directory.js';
import type { TokenService } from './token/token-service.js';
import type { CrlCache } from './certificates/revocation.js';
import type { TokenCertificates } from './token/token-certificates.js';
import type { TrustAnchors } from './certificates/trust-anchors.js';
import type { WorkstationVault } from './vault/workstation-vault.js';
import type { AuditTrail } from './audit/audit-trail.js';
import type { KeyRotationJob } from './vault/key-rotation-job.js';
import type { DocumentSigningService } from './document-signing/signing-service.js';

/** What the composition root exposes to the shells and tests; the handlers come from each capability's factory. */
export interface CoreServices {
  readonly events: EventBus;
  readonly appInfo: AppInfo;
  readonly session: WorkstationSession;
  readonly settings: UserSettings;
  readonly zones: ZoneService;
  /** Messages in the live zone: the connection's life, the status, the Messages screen's calls. */
  readonly messaging: MessagingService;
  /** Backups: the service (tests, the training kit) and the schedule (tests tick it). */
  readonly backups: BackupService;
  readonly backupSchedule: BackupScheduler;
  /** Absent when no token service is configured (tests of the frame, the fail-closed mode). */
  readonly tokens: TokenService | undefined;
  readonly anchors: TrustAnchors;
  readonly crls: CrlCache;
  /** The CAs a CRL may come from: pinned roots and configured intermediates. */
  readonly knownIssuers: readonly (string | Uint8Array)[];
  readonly tokenCertificates: TokenCertificates | undefined;
  /** The encrypted files; absent without a token service or a data folder. */
  readonly vault: WorkstationVault | undefined;
  /** Every security event goes here (sealed, chained log while unlocked; queued while locked). */
  readonly audit: AuditTrail;
  readonly keyRotation: KeyRotationJob;
  readonly documents: DocumentService;
  /** Containers opened successfully, sealed in the settings store (memory only without a data folder). */
  readonly recent: RecentDocuments;
  /** Signing a chosen file on the token and checking received signatures (docs/signing.md "In the app"). */
  readonly signing: DocumentSigningService;
  readonly files: FileDialogPort | undefined;
  /** The inbox folder the Documents screen lists, and the folder for decrypted files. */
  readonly documentFolders: DocumentFolders;
  readonly directory: ColleagueDirectory;
  readonly encryption: DocumentEncryptionJobs;
  readonly decryption: DocumentDecryptionJobs;
}
