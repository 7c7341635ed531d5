// The training workstation's encrypted files and what goes in them before the first lesson: the
// store files wrapped to every official, then the CRLs and the colleagues' certificates put in
// through the real core, as the cipher officer's CRL import and the Directory screen would.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../electron/core/core.js';
import type { HandOverCredentials } from '../../electron/core/messaging/credentials-format.js';
import { SealedCredentialsStore } from '../../electron/core/messaging/sealed-credentials-store.js';
import { SealedBackupSettings, type BackupSettings } from '../../electron/core/backup/sealed-backup-settings.js';
import { SealedStore, type StoreRecipient } from '../../electron/core/store/sealed-store.js';
import { markStoreProfile } from '../../electron/core/store/store-profile.js';
import type { TrainingProfile } from '../../electron/core/training/training-profile.js';
import { crlStoreFor } from '../../electron/platform/file-crl-store.js';
import { nodeTokenProcessLauncher } from '../../electron/platform/node-token-process.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * settings.db, audit.db and one file per zone, marked as a training workstation's and wrapped to
 * every official (a real workstation wraps to its first user: here every trainee must unlock it).
 * `messaging`: every official's messaging credentials, sealed into that zone's file while it is
 * being made, as an import of the officer's hand-over would (one record per official, keyed by
 * their messaging id), so the Messages screen works from the first unlock in that zone.
 * `backup`: the backup settings sealed in settings.db (the drive's folder, the folders to back up),
 * as the Backups screen would save them, so the tour's backup needs only "Back up now".
 */
export async function createTrainingStores(
  dataDir: string,
  certificates: readonly Uint8Array[],
  zoneIds: readonly string[],
  messaging?: { readonly zone: string; readonly credentials: readonly HandOverCredentials[] },
  backup?: Pick<BackupSettings, 'folders' | 'targetFolders'>,
): Promise<void> {
  const recipients: StoreRecipient[] = certificates.map((certificateDer) => ({ certificateDer, role: 'user' }));
  for (const name of ['settings.db', 'audit.db', ...zoneIds.map((id) => `zone-${id}.db`)]) {
    const store = SealedStore.create(path.join(dataDir, name), recipients);
    markStoreProfile(store, 'training');
    if (messaging !== undefined && name === `zone-${messaging.zone}.db`) {
      const sealed = new SealedCredentialsStore(() => Promise.resolve(store), () => Promise.resolve([]));
      for (const credentials of messaging.credentials) await sealed.save(credentials, new Date());
    }
    if (backup !== undefined && name === 'settings.db') new SealedBackupSettings(() => store).update((settings) => ({ ...settings, ...backup }));
    store.close();
  }
}

/** CRLs and colleagues through the real core (checked against the training CA, audited), unlocked with `first`'s token. */
export async function fillDirectory(
  profile: TrainingProfile,
  first: { readonly serial: string; readonly tokenLabel: string; readonly pin: string },
  parts: { readonly crls: readonly Buffer[]; readonly rootPem: string; readonly issuingPem: string; readonly colleagues: readonly string[] },
): Promise<void> {
  const core = createCore({
    shell: 'chromium',
    version: 'training-kit',
    platform: process.platform,
    appOrigin: CHROMIUM_APP_ORIGIN,
    log: { internalError: () => undefined, refused: () => undefined, event: () => undefined },
    token: {
      launcher: nodeTokenProcessLauncher({ entry: path.join(root, 'electron/token-process/entry.ts'), execArgv: ['--import', 'tsx'], env: { ...process.env, SOFTHSM2_CONF: profile.token.softhsmConf } }),
      modulePaths: profile.token.modules,
    },
    trust: { anchors: [parts.rootPem], intermediates: [parts.issuingPem] },
    dataDir: profile.dataDir,
    crlStore: crlStoreFor(profile.dataDir),
    training: profile,
  });
  const sender = { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true };
  try {
    for (const crl of parts.crls) {
      const result = await core.services.crls.import(crl, [parts.rootPem, parts.issuingPem]);
      if (result.status === 'rejected') throw new Error(`the training CRL was refused: ${result.reason}`);
    }
    await core.start();
    const unlocked = await core.dispatcher.dispatch('session.unlock', { token: { serial: first.serial, label: first.tokenLabel }, pin: first.pin }, sender);
    if (!unlocked.ok) throw new Error(`the training store did not open with ${first.tokenLabel}: ${unlocked.error.code}`);
    for (const file of parts.colleagues) {
      const imported = await core.dispatcher.dispatch('directory.import', { certificate: (await readFile(file)).toString('base64') }, sender);
      if (!imported.ok || (imported.value as { status: string }).status === 'rejected') throw new Error(`the directory refused ${file}: ${JSON.stringify(imported)}`);
    }
    await core.dispatcher.dispatch('session.lock', {}, sender);
  } finally {
    core.stop();
  }
}
