import { progressPercent } from '../../../../shared/domain/backup-progress.js';
import { errorMessageKey } from '../../i18n/catalog.js';
import { StatusLine } from '../../components/StatusLine.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { formatSize } from './backup-words.js';
import { KeyGenerationRefusal } from './KeyGenerationRefusal.js';

/** The running backup, restore, check or clean-up (progress, time left, Stop), then how it ended. */
export function BackupJobPanel() {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const job = useAirlock((state) => state.backupJob);
  const outcome = useAirlock((state) => state.backupOutcome);
  const cancel = useAirlock((state) => state.cancelBackupJob);
  const accepted = useAirlock((state) => state.keyGenerationAccepted);
  if (job !== null) {
    const progress = job.progress;
    const percent = progress === null ? 0 : progressPercent(progress);
    // Whole minutes, at least one while work is left: "0 min" would read as done.
    const minutes = progress?.etaMs === undefined || progress.etaMs === 0 ? null : Math.max(1, Math.ceil(progress.etaMs / 60_000));
    return (
      <div className="backup-job">
        <label>
          {t(`backups.progress.${job.kind}`, { percent })} <progress max={100} value={percent} />
        </label>
        {progress !== null && progress.phase !== 'scanning' && (
          <p className="prose">
            {progress.totalBytes > 0
              ? t('backups.progressBytes', { done: formatSize(language, progress.bytes), total: formatSize(language, progress.totalBytes) })
              : t('backups.progressSteps', { done: progress.done, total: progress.total })}
          </p>
        )}
        {progress?.phase === 'scanning' && <p className="prose">{t(job.kind === 'drill' ? 'backups.progressScanningDrill' : 'backups.progressScanning')}</p>}
        {minutes !== null && <p className="prose">{t('backups.timeLeft', { minutes })}</p>}
        <button type="button" className="button" onClick={() => void cancel()} aria-disabled={job.cancelling || undefined}>
          {t('backups.cancel')}
        </button>
      </div>
    );
  }
  if (outcome === null) {
    return accepted === null ? null : (
      <div role="status">
        <StatusLine severity="ok">
          <p>{t('backups.keyChange.accepted', { generation: accepted })}</p>
        </StatusLine>
      </div>
    );
  }
  if (!outcome.ok) {
    const keyGeneration = outcome.error.code === 'backup.keyGenerationChanged' ? outcome.error.details?.keyGeneration : undefined;
    return (
      <>
        <div role="status">
          <StatusLine severity="danger" strong>
            <p>{t(`backups.failed.${outcome.kind}`)}</p>
            <p>{t(errorMessageKey(outcome.error))}</p>
            {outcome.error.details?.path !== undefined && <p className="file-path">{t('backups.failedAt', { path: outcome.error.details.path })}</p>}
          </StatusLine>
        </div>
        {keyGeneration !== undefined && <KeyGenerationRefusal notice={keyGeneration} />}
      </>
    );
  }
  const value = outcome.value;
  const text =
    value.kind === 'run'
      ? t('backups.done.run', { files: value.result.files, size: formatSize(language, value.result.bytes) })
      : value.kind === 'restore'
        ? t('backups.done.restore', { files: value.files, folder: value.folder })
        : value.kind === 'verify'
          ? value.clean
            ? t('backups.done.verifyClean', { count: value.snapshots })
            : t('backups.done.verifyDamaged', { count: value.problems.length })
          : value.kind === 'drill'
            ? value.differenceCount === 0
              ? t('backups.done.drillSame', { files: value.files, size: formatSize(language, value.bytes) })
              : t('backups.done.drillDifferent', { count: value.differenceCount, folder: value.folder })
            : t('backups.done.forget', { count: value.removed.length, kept: value.kept });
  const clean = value.kind === 'verify' ? value.clean : value.kind === 'drill' ? value.differenceCount === 0 : true;
  return (
    <div role="status">
      <StatusLine severity={clean ? 'ok' : 'danger'} strong={!clean}>
        <p>{text}</p>
        {value.kind === 'verify' && value.problems.length > 0 && (
          <ul>
            {value.problems.slice(0, 10).map((problem) => (
              <li key={`${problem.object} ${problem.problem}`} className="file-path">
                {problem.object}
              </li>
            ))}
          </ul>
        )}
        {value.kind === 'drill' && value.differences.length > 0 && (
          <ul>
            {value.differences.slice(0, 20).map((difference) => (
              <li key={`${difference.kind} ${difference.path}`}>
                <span className="file-path">{difference.path}</span>: {t(`backups.difference.${difference.kind}`)}
              </li>
            ))}
          </ul>
        )}
      </StatusLine>
    </div>
  );
}
