import type { AuditTrail } from '../audit/audit-trail.js';
import type { CertificateTrust } from '../certificates/capability.js';
import { recipientKeysOfSession } from '../documents/document-service.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { UserSettings } from '../settings/user-settings.js';
import type { TokenService } from '../token/token-service.js';
import type { WorkstationVault } from '../vault/workstation-vault.js';
import { DomainError } from '../domain-error.js';
import { BackupJobs } from './backup-jobs.js';
import { BackupScheduler } from './backup-schedule.js';
import { BackupService, type BackupMessagingPort, type BackupServiceDeps, type BackupZonePort } from './backup-service.js';
import { backupHandlers } from './handlers.js';
import { BackupKeyHolders } from './key-holder-service.js';
import { SealedBackupSettings } from './sealed-backup-settings.js';

export interface BackupDeps {
  readonly zones: BackupZonePort;
  readonly tokens: TokenService | undefined;
  readonly vault: WorkstationVault | undefined;
  readonly settings: UserSettings;
  readonly session: WorkstationSession;
  readonly events: EventBus;
  readonly audit: AuditTrail;
  /** The live zone's messaging connection, for the object-store target (the messaging capability's). */
  readonly messaging?: BackupMessagingPort;
  /** The organisation's roots and CRLs: a key holder added by certificate must chain to them. */
  readonly trust: CertificateTrust;
  /** Tests: the target's means (an SFTP key file instead of the token's agent). */
  readonly means?: BackupServiceDeps['means'];
  readonly scheduleTickMs?: number;
}

const pad = (value: number) => String(value).padStart(2, '0');
/** "Khôi phục 2026-12-05 14-30" / "Restored 2026-12-05 14-30", local time; no dot, so "(2)" goes at the end. */
export function restoredFolderName(language: 'vi' | 'en', time: Date): string {
  const stamp = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}-${pad(time.getMinutes())}`;
  return `${language === 'vi' ? 'Khôi phục' : 'Restored'} ${stamp}`;
}

/** Backups (issue #16): the service over the repository format and targets, its jobs and schedule, the backups.* handlers. */
export function createBackup(deps: BackupDeps) {
  const { zones, tokens, vault, settings, session, events, audit } = deps;
  const sealed = new SealedBackupSettings(() => {
    if (vault === undefined) throw new DomainError('store.unavailable');
    return vault.settings;
  });
  const backups = new BackupService({
    zones,
    keys: () => recipientKeysOfSession(tokens),
    settings: sealed,
    audit,
    restoredFolderName: (time) => restoredFolderName(settings.get().language, time),
    ...(vault === undefined ? {} : { appStores: (zone: string) => vault.backupStores(zone) }),
    ...(deps.messaging === undefined ? {} : { messaging: deps.messaging }),
    ...(deps.means === undefined ? {} : { means: deps.means }),
    trust: deps.trust,
  });
  const keyHolders = new BackupKeyHolders({ backups, zones, trust: deps.trust });
  const jobs = new BackupJobs(events, session);
  const scheduler = new BackupScheduler({
    unlocked: () => !session.state().locked,
    settings: () => sealed.read(),
    run: (target) =>
      new Promise<void>((resolve) => {
        jobs.start(undefined, async (control) => {
          try {
            return await backups.run(target, 'scheduled', control);
          } finally {
            resolve();
          }
        });
      }),
    ...(deps.scheduleTickMs === undefined ? {} : { tickMs: deps.scheduleTickMs }),
  });
  return { backups, keyHolders, jobs, scheduler, handlers: backupHandlers(backups, jobs, keyHolders) };
}
