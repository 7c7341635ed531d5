import { useState } from 'react';
import type { BackupRetention, BackupStatus } from '../../../../shared/domain/backup.js';
import { FormRow } from '../../components/FormRow.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

const KEEP_RULES = ['last', 'daily', 'weekly', 'monthly'] as const;
const toCount = (text: string): number => (/^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : -1);

/** The folders to back up: one full path a line (keyed by the saved list, so a save from elsewhere shows). */
export function BackupFoldersForm({ status }: { status: BackupStatus }) {
  const t = useT();
  const save = useAirlock((state) => state.setBackupFolders);
  const [text, setText] = useState(status.folders.join('\n'));
  const folders = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const wrong = folders.find((folder) => !folder.startsWith('/'));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (wrong === undefined) void save(folders);
      }}
    >
      <FormRow label={t('backups.folders')} hint={t('backups.foldersHint')} error={wrong === undefined ? null : t('backups.folderNotFull', { folder: wrong })}>
        {(field) => <textarea {...field} rows={3} value={text} spellCheck={false} onChange={(event) => setText(event.target.value)} />}
      </FormRow>
      <button type="submit" className="button">
        {t('backups.saveFolders')}
      </button>
    </form>
  );
}

/** How many backups are kept (forget's rules) and how often the app backs up by itself. */
export function BackupKeepingForm({ status, target }: { status: BackupStatus; target: string | null }) {
  const t = useT();
  const saveRetention = useAirlock((state) => state.setBackupRetention);
  const saveSchedule = useAirlock((state) => state.setBackupSchedule);
  const [keep, setKeep] = useState<Record<(typeof KEEP_RULES)[number], string>>(() => ({ last: String(status.retention.last), daily: String(status.retention.daily), weekly: String(status.retention.weekly), monthly: String(status.retention.monthly) }));
  const [hours, setHours] = useState(String(status.schedule.everyHours));
  const counts = Object.fromEntries(KEEP_RULES.map((rule) => [rule, toCount(keep[rule])])) as unknown as BackupRetention;
  const keepWrong = KEEP_RULES.some((rule) => counts[rule] < 0) || KEEP_RULES.every((rule) => counts[rule] === 0);
  const everyHours = toCount(hours);
  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!keepWrong) void saveRetention(counts);
        }}
      >
        <h3>{t('backups.keep')}</h3>
        {KEEP_RULES.map((rule) => (
          <FormRow key={rule} label={t(`backups.keep.${rule}`)}>
            {(field) => <input {...field} inputMode="numeric" value={keep[rule]} onChange={(event) => setKeep({ ...keep, [rule]: event.target.value })} />}
          </FormRow>
        ))}
        {keepWrong && <p className="field-problem">{t('backups.keepWrong')}</p>}
        <button type="submit" className="button">
          {t('backups.saveKeep')}
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (everyHours >= 0) void saveSchedule({ everyHours, target: everyHours === 0 ? null : target });
        }}
      >
        <h3>{t('backups.schedule')}</h3>
        <FormRow label={t('backups.everyHours')} hint={t('backups.scheduleHint')} error={everyHours < 0 ? t('backups.hoursWrong') : null}>
          {(field) => <input {...field} inputMode="numeric" value={hours} onChange={(event) => setHours(event.target.value)} />}
        </FormRow>
        <button type="submit" className="button">
          {t('backups.saveSchedule')}
        </button>
      </form>
    </>
  );
}
