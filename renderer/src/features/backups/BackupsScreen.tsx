import { useEffect, useState } from 'react';
import { APP_STORES_PATH } from '../../../../shared/domain/backup-paths.js';
import type { BackupRunResult, BackupStatus } from '../../../../shared/domain/backup.js';
import { FormRow } from '../../components/FormRow.js';
import { LevelBadge } from '../../components/LevelBadge.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { BackupJobPanel } from './BackupJobPanel.js';
import { BackupFoldersForm, BackupKeepingForm } from './BackupSettingsForms.js';
import { formatSize, formatWhen, snapshotWhat } from './backup-words.js';
import { KeyHolders } from './KeyHolders.js';
import { RestoreWizard } from './RestoreWizard.js';

/**
 * Backups (issue #16): where they go (only what the live zone's policy allows), what is backed up,
 * "Back up now", the backups there with dates, sizes and levels, restoring, checking, and the
 * keeping rules and schedule. Plain words: a backup is "bản sao lưu", the place "nơi cất".
 */
export function BackupsScreen() {
  const t = useT();
  const status = useAirlock((state) => state.backupStatus);
  const loadBackups = useAirlock((state) => state.loadBackups);
  useEffect(() => void loadBackups(), [loadBackups]);
  return (
    <>
      <h1>{t('screen.backups.name')}</h1>
      <p className="prose">{t('screen.backups.intro')}</p>
      {status === null ? null : status.zone === null ? <p className="notice">{t('backups.noZone')}</p> : status.targets.length === 0 ? <p className="notice">{t('backups.noTargets')}</p> : <BackupsBody status={status} />}
    </>
  );
}

function BackupsBody({ status }: { status: BackupStatus }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const targetId = useAirlock((state) => state.backupTarget);
  const snapshots = useAirlock((state) => state.snapshots);
  const job = useAirlock((state) => state.backupJob);
  const wizard = useAirlock((state) => state.restoreWizard);
  const choose = useAirlock((state) => state.chooseBackupTarget);
  const backUpNow = useAirlock((state) => state.backUpNow);
  const verify = useAirlock((state) => state.verifyBackups);
  const drill = useAirlock((state) => state.drillBackup);
  const forget = useAirlock((state) => state.forgetOldBackups);
  const startRestore = useAirlock((state) => state.startRestore);
  const [withData, setWithData] = useState(false);
  const target = status.targets.find((item) => item.id === targetId) ?? status.targets[0];
  if (target === undefined) return null;
  const busy = job !== null;
  const result = (run: BackupRunResult) => t(run.ok ? 'backups.outcome.ok' : 'backups.outcome.failed');
  return (
    <>
      <section aria-labelledby="backup-places">
        <h2 id="backup-places">{t('backups.places')}</h2>
        <fieldset className="backup-places">
          <legend>{t('backups.placesHint')}</legend>
          {status.targets.map((item) => (
            <label key={item.id} className="backup-place">
              <input type="radio" name="backup-target" checked={item.id === target.id} onChange={() => void choose(item.id)} /> {t('backups.placeLine', { name: item.name[language], kind: t(`backups.kind.${item.kind}`) })} <LevelBadge level={item.highestClassification} />
            </label>
          ))}
        </fieldset>
        {target.kind === 'removableMedia' && <DriveFolderForm key={`${target.id} ${target.folder ?? ''}`} folder={target.folder} />}
        <p className="prose">{target.lastRun === null ? t('backups.never') : t('backups.lastRun', { when: formatWhen(language, target.lastRun.at), outcome: result(target.lastRun) })}</p>
        {status.lastScheduled !== null && <p className="prose">{t('backups.lastScheduled', { when: formatWhen(language, status.lastScheduled.at), outcome: result(status.lastScheduled) })}</p>}
      </section>
      <section aria-labelledby="backup-what">
        <h2 id="backup-what">{t('backups.what')}</h2>
        <BackupFoldersForm key={status.folders.join('\n')} status={status} />
      </section>
      <section aria-labelledby="backup-actions">
        <h2 id="backup-actions">{t('backups.actions')}</h2>
        <div className="button-row">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void backUpNow()}>
            {t('backups.now')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void verify(withData)}>
            {t('backups.verify')}
          </button>
          <button type="button" className="button" disabled={busy || snapshots === null || snapshots.length === 0 || wizard !== null} onClick={startRestore}>
            {t('backups.restore')}
          </button>
        </div>
        <label className="backup-option">
          <input type="checkbox" checked={withData} onChange={(event) => setWithData(event.target.checked)} /> {t('backups.verifyData')}
        </label>
        <BackupJobPanel />
      </section>
      <RestoreWizard />
      <section aria-labelledby="backup-list">
        <h2 id="backup-list">{t('backups.list')}</h2>
        <p className="prose">{t('backups.listHint')}</p>
        {snapshots === null ? null : snapshots.length === 0 ? (
          <p className="prose">{t('backups.empty')}</p>
        ) : (
          <table className="backup-table">
            <thead>
              <tr>
                <th scope="col">{t('backups.col.time')}</th>
                <th scope="col">{t('backups.col.what')}</th>
                <th scope="col">{t('backups.col.files')}</th>
                <th scope="col">{t('backups.col.size')}</th>
                <th scope="col">{t('backups.col.level')}</th>
                <th scope="col">{t('backups.col.drill')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshots.map((snapshot) => (
                <tr key={snapshot.id}>
                  <td>{formatWhen(language, snapshot.time)}</td>
                  <td className="file-path">{snapshotWhat(snapshot.paths, t('backups.appStores'))}</td>
                  <td>{snapshot.files}</td>
                  <td>{formatSize(language, snapshot.bytes)}</td>
                  <td>
                    <LevelBadge level={snapshot.level} />
                  </td>
                  <td>
                    {/* The app's stores change all the time: there is no folder to compare their backup with. */}
                    {!snapshot.paths.includes(APP_STORES_PATH) && (
                      <button type="button" className="button" disabled={busy || !snapshot.restorable} aria-label={t('backups.drillLabel', { time: formatWhen(language, snapshot.time) })} onClick={() => void drill(snapshot.id)}>
                        {t('backups.drill')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="backup-keeping">
        <h2 id="backup-keeping">{t('backups.keeping')}</h2>
        <BackupKeepingForm status={status} target={target.id} />
        <button type="button" className="button" disabled={busy} onClick={() => void forget()}>
          {t('backups.cleanUp')}
        </button>
      </section>
      <KeyHolders target={target} />
    </>
  );
}

function DriveFolderForm({ folder }: { folder: string | null }) {
  const t = useT();
  const save = useAirlock((state) => state.setBackupTargetFolder);
  const [text, setText] = useState(folder ?? '');
  const full = text.trim().startsWith('/');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (full) void save(text.trim());
      }}
    >
      <FormRow label={t('backups.driveFolder')} hint={t('backups.driveFolderHint')} error={text.trim() !== '' && !full ? t('backups.folderNotFull', { folder: text.trim() }) : null}>
        {(field) => <input {...field} value={text} spellCheck={false} autoComplete="off" onChange={(event) => setText(event.target.value)} />}
      </FormRow>
      <button type="submit" className="button">
        {t('backups.saveDriveFolder')}
      </button>
    </form>
  );
}
