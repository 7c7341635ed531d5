import { useEffect, useRef } from 'react';
import { FormRow } from '../../components/FormRow.js';
import { LevelBadge } from '../../components/LevelBadge.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { formatSize, formatWhen, snapshotWhat } from './backup-words.js';
import type { WizardStep } from './slice.js';

const STEPS: readonly WizardStep[] = ['snapshot', 'files', 'destination', 'confirm'];

/**
 * Restoring in four steps, each its own heading (focused on arrival, so a keyboard or screen reader
 * user hears where they are): which backup, which files (none chosen: all), where, then confirm.
 */
export function RestoreWizard() {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const wizard = useAirlock((state) => state.restoreWizard);
  const snapshots = useAirlock((state) => state.snapshots);
  const running = useAirlock((state) => state.backupJob);
  const pick = useAirlock((state) => state.pickRestoreSnapshot);
  const openFolder = useAirlock((state) => state.openRestoreFolder);
  const toggle = useAirlock((state) => state.toggleRestorePath);
  const setDestination = useAirlock((state) => state.setRestoreDestination);
  const step = useAirlock((state) => state.restoreStep);
  const confirm = useAirlock((state) => state.confirmRestore);
  const close = useAirlock((state) => state.closeRestore);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [wizard?.step]);
  if (wizard === null) return null;
  const number = STEPS.indexOf(wizard.step) + 1;
  const back = STEPS[number - 2];
  const parent = wizard.folder.includes('/') ? wizard.folder.slice(0, wizard.folder.lastIndexOf('/')) : '';
  const pathOf = (name: string) => (wizard.folder === '' ? name : `${wizard.folder}/${name}`);
  return (
    <section className="restore-wizard" aria-labelledby="restore-wizard-step">
      <h2>{t('backups.wizard.title')}</h2>
      <h3 id="restore-wizard-step" ref={heading} tabIndex={-1}>
        {t('backups.wizard.stepOf', { number, name: t(`backups.wizard.step.${wizard.step}`) })}
      </h3>
      {wizard.step === 'snapshot' && (
        <ul className="backup-choices">
          {(snapshots ?? []).map((snapshot) => (
            <li key={snapshot.id}>
              <button type="button" className="button" disabled={!snapshot.restorable} onClick={() => void pick(snapshot)}>
                {t('backups.wizard.pick', { when: formatWhen(language, snapshot.time), size: formatSize(language, snapshot.bytes), what: snapshotWhat(snapshot.paths, t('backups.appStores')) })}
              </button>{' '}
              <LevelBadge level={snapshot.level} /> {!snapshot.restorable && t('backups.wizard.notRestorable')}
            </li>
          ))}
        </ul>
      )}
      {wizard.step === 'files' && (
        <>
          <p className="prose">{t('backups.wizard.filesHint')}</p>
          <p className="prose file-path">{wizard.folder === '' ? t('backups.wizard.top') : wizard.folder}</p>
          {wizard.folder !== '' && (
            <button type="button" className="button" onClick={() => void openFolder(parent)}>
              {t('backups.wizard.up')}
            </button>
          )}
          {wizard.entries === null ? (
            <p className="prose">{t('backups.wizard.loading')}</p>
          ) : (
            <ul className="backup-files">
              {wizard.entries.map((entry) => (
                <li key={entry.name}>
                  <label>
                    <input type="checkbox" checked={wizard.chosen.includes(pathOf(entry.name))} onChange={() => toggle(pathOf(entry.name))} /> {entry.name}
                    {entry.type === 'file' ? ` (${formatSize(language, entry.size)})` : ''}
                  </label>{' '}
                  {entry.type === 'dir' && (
                    <button type="button" className="button" onClick={() => void openFolder(pathOf(entry.name))}>
                      {t('backups.wizard.open', { name: entry.name })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {wizard.step === 'destination' && (
        <FormRow label={t('backups.wizard.destination')} hint={t('backups.wizard.destinationHint')}>
          {(field) => <input {...field} value={wizard.destination} spellCheck={false} autoComplete="off" onChange={(event) => setDestination(event.target.value)} />}
        </FormRow>
      )}
      {wizard.step === 'confirm' && wizard.snapshot !== null && (
        <p className="prose">
          {t('backups.wizard.confirmText', {
            what: wizard.chosen.length === 0 ? t('backups.wizard.all') : t('backups.wizard.some', { count: wizard.chosen.length }),
            when: formatWhen(language, wizard.snapshot.time),
            destination: wizard.destination,
          })}
        </p>
      )}
      <div className="button-row">
        {back !== undefined && (
          <button type="button" className="button" onClick={() => step(back)}>
            {t('backups.wizard.back')}
          </button>
        )}
        {wizard.step === 'files' && (
          <button type="button" className="button" onClick={() => step('destination')}>
            {t('backups.wizard.next')}
          </button>
        )}
        {wizard.step === 'destination' && (
          <button type="button" className="button" disabled={!wizard.destination.startsWith('/')} onClick={() => step('confirm')}>
            {t('backups.wizard.next')}
          </button>
        )}
        {wizard.step === 'confirm' && (
          <button type="button" className="button" disabled={running !== null} onClick={() => void confirm()}>
            {t('backups.wizard.start')}
          </button>
        )}
        <button type="button" className="button" onClick={close}>
          {t('backups.wizard.close')}
        </button>
      </div>
    </section>
  );
}
