import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { RunningRotation } from './key-rotation.js';
import { errorMessageKey, type Translate } from '../../i18n/catalog.js';
import { useT } from '../../use-t.js';
import { useAirlock, useAirlockStore } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/** Before the first batch there is no count yet: the bar then shows work under way, without a measure. */
function RotationBar({ t, rotation }: { t: Translate; rotation: RunningRotation }) {
  const barId = useId();
  const { progress } = rotation;
  return (
    <div className="key-rotation__progress">
      <label className="field__label" htmlFor={barId}>
        {t('keyRotation.progressLabel')}
      </label>
      {progress !== null && progress.total > 0 ? (
        <progress id={barId} className="key-rotation__bar" max={progress.total} value={progress.done} />
      ) : (
        <progress id={barId} className="key-rotation__bar" />
      )}
    </div>
  );
}

/**
 * Re-encrypts the saved data under a new data key, on the cipher officer's request. Asked twice
 * (an inline confirmation, never window.confirm), since it runs long; Stop keeps the work done,
 * and the next start resumes. The count is said politely, a failure goes to the alert region.
 */
export function KeyRotationSection() {
  const t = useT();
  const store = useAirlockStore();
  const busy = useAirlock((state) => state.busy.keyRotation);
  const rotation = useAirlock((state) => state.keyRotation);
  const rotateDataKey = useAirlock((state) => state.rotateDataKey);
  const stopRotation = useAirlock((state) => state.stopRotation);
  const [confirming, setConfirming] = useState(false);
  const startButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const questionId = useId();
  const running = rotation?.status === 'running' ? rotation : null;
  const isRunning = running !== null;
  const wasRunning = useRef(isRunning);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  // The button just used goes away when the rotation starts (the confirmation) or ends (Stop):
  // focus moves to the button in its place instead of falling to the page. Not on mount, and not
  // when the user has moved on to something else meanwhile.
  useEffect(() => {
    if (wasRunning.current === isRunning) return;
    wasRunning.current = isRunning;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) (isRunning ? stopButton : startButton).current?.focus();
  }, [isRunning]);

  const dismiss = () => {
    setConfirming(false);
    startButton.current?.focus();
  };

  const onConfirmKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') dismiss();
  };

  const start = () => {
    setConfirming(false);
    if (!store.getState().busy.keyRotation) void rotateDataKey();
  };

  return (
    <section className="key-rotation" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('keyRotation.heading')}</h2>
      <p className="prose">{t('keyRotation.intro')}</p>
      {/* aria-disabled, not disabled: a disabled button would drop keyboard focus to the page. */}
      <button
        ref={startButton}
        type="button"
        className="button"
        aria-expanded={confirming}
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!store.getState().busy.keyRotation) setConfirming(true);
        }}
      >
        {t('keyRotation.start')}
      </button>
      {confirming && (
        <div className="key-rotation__confirm" role="group" aria-labelledby={questionId} onKeyDown={onConfirmKey}>
          <p id={questionId}>{t('keyRotation.confirmQuestion')}</p>
          <div className="key-rotation__actions">
            <button ref={confirmButton} type="button" className="button button--primary" onClick={start}>
              {t('keyRotation.confirm')}
            </button>
            <button type="button" className="button" onClick={dismiss}>
              {t('keyRotation.dismiss')}
            </button>
          </div>
        </div>
      )}
      {running !== null && <RotationBar t={t} rotation={running} />}
      <div role="status" className="key-rotation__outcome">
        {running !== null && (
          <p>{running.progress === null ? t('keyRotation.starting') : t('keyRotation.progress', running.progress)}</p>
        )}
        {running?.stopping === true && <p>{t('keyRotation.stopping')}</p>}
        {rotation?.status === 'finished' && (
          <StatusLine severity="ok">
            <p>{t('keyRotation.finished', { records: rotation.records })}</p>
          </StatusLine>
        )}
        {/* Not done yet: the old key still opens part of the data until a rotation finishes. */}
        {rotation?.status === 'stopped' && (
          <StatusLine severity="warning">
            <p>{t('keyRotation.stopped')}</p>
          </StatusLine>
        )}
      </div>
      {running !== null && (
        <button
          ref={stopButton}
          type="button"
          className="button"
          aria-disabled={running.stopping || undefined}
          onClick={() => void stopRotation()}
        >
          {t('keyRotation.stop')}
        </button>
      )}
      <div role="alert" className="key-rotation__outcome">
        {rotation?.status === 'failed' && <p className="notice notice--danger">{t(errorMessageKey(rotation.error))}</p>}
      </div>
    </section>
  );
}
