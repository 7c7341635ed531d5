import { homedir } from 'node:os';
import { contract, type AirlockChannel } from '../../shared/ipc/contract.js';
import { EventBus } from './event-bus.js';
import { createDispatcher, type Dispatcher, type DispatcherLog } from './ipc/dispatcher.js';
import type { CoreServices } from './services.js';
import { createAudit } from './audit/capability.js';
import type { AuditTrailLog } from './audit/audit-trail.js';
import { createCertificates } from './certificates/capability.js';
import type { CrlStore } from './certificates/revocation.js';
import { createToken, type TokenConfig } from './token/capability.js';
import type { TokenServiceLog } from './token/token-service.js';
import { createVault } from './vault/capability.js';
import { createSettings } from './settings/capability.js';
import { createDirectory } from './directory/capability.js';
import { createSession } from './session/capability.js';
import type { Unlocker } from './session/workstation-session.js';
import { createZones, type ZonesConfig } from './zones/capability.js';
import { createDocuments } from './documents/capability.js';
import type { FileDialogPort } from './documents/file-dialog.js';
import { SETTINGS_LOOKUPS } from './settings/user-settings.js';
import { DIRECTORY_LOOKUPS } from './directory/sealed-directory-store.js';
import { RECENT_LOOKUPS } from './documents/sealed-recent-store.js';
import { PART_JOURNAL_LOOKUPS } from './documents/part-journal.js';
import { documentFolders, documentsFolderOf, type DocumentFolders } from './documents/document-folders.js';
import { createMessaging } from './messaging/capability.js';
import { createDocumentSigning } from './document-signing/capability.js';
import type { MessagingParts } from './messaging/messaging-parts.js';
import { createBackup, type BackupDeps } from './backup/capability.js';
import { BACKUP_LOOKUPS } from './backup/sealed-backup-settings.js';
import { createTraining, storeProfileOf } from './training/capability.js';
import type { TrainingProfile } from './training/training-profile.js';

/** What the settings store's data-key rotation must index again, from each capability that keeps data there. */
const SETTINGS_STORE_LOOKUPS = { ...SETTINGS_LOOKUPS, ...DIRECTORY_LOOKUPS, ...RECENT_LOOKUPS, ...PART_JOURNAL_LOOKUPS, ...BACKUP_LOOKUPS };

export interface CoreOptions {
  readonly shell: 'electron' | 'chromium';
  readonly version: string;
  readonly platform: string;
  /** Origin the renderer is served from; the dispatcher refuses every other sender. */
  readonly appOrigin: string;
  readonly log: DispatcherLog & TokenServiceLog & AuditTrailLog;
  /** Without it the app runs with no token service: locked stays locked (fail closed). */
  readonly token?: TokenConfig;
  /** Pinned root CAs (PEM/DER, never the OS store) and CRLs already known; no roots: nothing validates. */
  readonly trust?: { readonly anchors: readonly (string | Uint8Array)[]; readonly intermediates?: readonly (string | Uint8Array)[] };
  /** Where the encrypted store files live; without it (tests of the frame) nothing is persisted. */
  readonly dataDir?: string;
  /** Where revocation lists are kept (the platform's: files under the data folder); absent: memory, lost at exit. */
  readonly crlStore?: CrlStore;
  /** Lock after this long without a request from the user; 0 or absent: never. */
  readonly idleLockMs?: number;
  /** Network zones: the signed policy file and the privileged helper; without them no zone can be activated. */
  readonly zones?: ZonesConfig;
  /** Native file dialogs (Electron); absent: the renderer uses the browser's chooser. */
  readonly files?: FileDialogPort;
  /** The inbox folder and the folder for decrypted files (documents/document-folders.ts); absent: the defaults under ~/Documents/Airlock. */
  readonly documentFolders?: DocumentFolders;
  /** A training workstation's profile (`AIRLOCK_TRAINING_PROFILE`, checked by loadTrainingProfile); absent: a real one. */
  readonly training?: TrainingProfile;
  /** Messaging parts given from outside (tests; see messaging/capability.ts for the parts assembled in). */
  readonly messaging?: { readonly parts?: MessagingParts; readonly retryMs?: number };
  /** Backups: tests give an SFTP key file's means, a faster schedule tick. */
  readonly backup?: { readonly means?: BackupDeps['means']; readonly scheduleTickMs?: number };
  /** Only for tests of the session itself. */
  readonly unlocker?: Unlocker;
}

export interface Core {
  readonly services: CoreServices;
  readonly dispatcher: Dispatcher;
  /** Starts what runs in the background (the token process); the app is usable (locked) before. */
  start(): Promise<void>;
  stop(): void;
}

/**
 * What the lock screen may ask for. Everything else is refused with session.locked before any
 * service sees it, so a locked workstation exposes no data and no operation, whatever the renderer does.
 */
const ALLOWED_WHILE_LOCKED: ReadonlySet<AirlockChannel> = new Set<AirlockChannel>([
  'app.info',
  'session.state',
  'session.lock',
  'session.unlock',
  'settings.get',
  'settings.setLanguage',
  'zones.status',
  'zones.overview',
  'token.list',
  'token.service',
  // The training banner and the lock screen's hint (officials, tokens, practice PINs).
  'training.status',
  // The guided tour starts on the lock screen (its first step is the unlock); progress only, no data.
  'training.tourStart',
  'training.tourProgress',
  'training.tourEnd',
]);

/**
 * The composition root of the core, the same under Electron and under plain Node: each capability
 * is built by its factory from the ones below it (electron/core/layers.ts) and brings its handlers.
 * A few references run upward as callbacks, called only later: the audit trail reaches the vault's
 * inbox, a lost token locks the session, the unlock sweeps the documents' leftovers.
 */
export function createCore(options: CoreOptions): Core {
  const events = new EventBus();
  const audit = createAudit({ log: options.log, vault: () => vault });
  const certificates = createCertificates({ trust: options.trust, crlStore: options.crlStore, audit: audit.trail });
  const token = createToken({ config: options.token, events, log: options.log, audit: audit.trail, trust: certificates.trust, onLoss: (reason) => session.lock(reason) });
  const { vault, keyRotation, handlers: storeHandlers } = createVault({ tokens: token.service, dataDir: options.dataDir, profile: storeProfileOf(options.training), events, audit: audit.trail, lookups: SETTINGS_STORE_LOOKUPS });
  const settings = createSettings({ events, audit: audit.trail });
  const { session, handlers: sessionHandlers } = createSession({
    events,
    tokens: token.service,
    vault,
    settings: settings.settings,
    audit: audit.trail,
    sweepLeftovers: () => documents.sweepLeftovers(),
    idleLockMs: options.idleLockMs ?? 0,
    unlocker: options.unlocker,
  });
  const zones = createZones({ config: options.zones, trust: certificates.trust, tokens: token.service, vault, session, audit: audit.trail, events });
  const directory = createDirectory({ trust: certificates.trust, knownIssuers: certificates.knownIssuers, sealed: vault && (() => vault.settings), audit: audit.trail });
  const folders = options.documentFolders ?? documentFolders({}, documentsFolderOf({}, homedir()));
  const documents = createDocuments({
    tokens: token.service,
    zones: zones.zones,
    directory: directory.directory,
    session,
    vault,
    audit: audit.trail,
    events,
    trust: certificates.trust,
    intermediateDers: certificates.intermediateDers,
    files: options.files,
    folders,
  });
  const signing = createDocumentSigning({
    tokens: token.service,
    trust: certificates.trust,
    intermediateDers: certificates.intermediateDers,
    audit: audit.trail,
    jobs: documents.jobs,
    timestampAuthority: () => {
      const live = zones.zones.livePolicy();
      return live?.policy.zones.find((zone) => zone.id === live.zone)?.timestampAuthority;
    },
  });
  const messaging = createMessaging({
    inboxFolder: folders.inbox,
    zones: zones.zones,
    tokens: token.service,
    trust: certificates.trust,
    intermediateDers: certificates.intermediateDers,
    directory: directory.directory,
    session,
    events,
    audit: audit.trail,
    ...(options.messaging?.parts === undefined ? {} : { parts: options.messaging.parts }),
    ...(options.messaging?.retryMs === undefined ? {} : { retryMs: options.messaging.retryMs }),
    failure: (error) => options.log.event('messaging.failure', { error: error instanceof Error ? error.message : String(error) }),
  });
  const backup = createBackup({
    zones: zones.zones,
    tokens: token.service,
    vault,
    settings: settings.settings,
    session,
    events,
    audit: audit.trail,
    trust: certificates.trust,
    // The object-store target uses the zone's own messaging connection, never one of its own.
    messaging: { connectionFor: (zone) => messaging.messaging.backupConnection(zone) },
    ...options.backup,
  });
  const training = createTraining({ profile: options.training, audit: audit.service, trail: audit.trail, session, events });

  const appInfo = { name: 'Airlock', version: options.version, shell: options.shell, platform: options.platform };
  const dispatcher = createDispatcher({
    contract,
    handlers: {
      app: { info: () => appInfo },
      session: sessionHandlers,
      settings: settings.handlers,
      token: token.handlers,
      zones: zones.handlers,
      certificates: certificates.handlers,
      store: storeHandlers,
      directory: directory.handlers,
      files: documents.fileHandlers,
      documents: documents.handlers,
      signing: signing.handlers,
      messages: messaging.handlers,
      backups: backup.handlers,
      audit: audit.handlers,
      training: training.handlers,
    },
    appOrigin: options.appOrigin,
    log: options.log,
    onAccepted: () => session.touch(),
    isLocked: () => session.state().locked,
    allowedWhileLocked: ALLOWED_WHILE_LOCKED,
  });
  const services: CoreServices = {
    events,
    appInfo,
    session,
    settings: settings.settings,
    vault,
    audit: audit.trail,
    keyRotation,
    files: options.files,
    documentFolders: folders,
    directory: directory.directory,
    encryption: documents.encryption,
    documents: documents.documents,
    decryption: documents.decryption,
    recent: documents.recent,
    signing: signing.signing,
    zones: zones.zones,
    messaging: messaging.messaging,
    backups: backup.backups,
    backupSchedule: backup.scheduler,
    tokens: token.service,
    anchors: certificates.trust.anchors,
    crls: certificates.trust.crls,
    knownIssuers: certificates.knownIssuers,
    tokenCertificates: token.certificates,
  };
  return {
    services,
    dispatcher,
    start: async () => {
      vault?.openLocked();
      // The token process is forked first (synchronously); the policy is read meanwhile.
      await Promise.all([token.service?.start(), zones.zones.start()]);
      backup.scheduler.start();
    },
    stop: () => {
      void messaging.messaging.stop();
      backup.scheduler.stop();
      vault?.close();
      zones.zones.stop();
      token.service?.stop();
      session.dispose();
    },
  };
}
