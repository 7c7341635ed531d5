import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorTriesKey } from '../../i18n/catalog.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { TokenSummary } from '../../../../shared/domain/token.js';
import { PIN_MIN_LENGTH, unlockPinProblem, type UnlockPinProblem } from '../../pin-rules.js';
import { useT } from '../../use-t.js';
import { useAirlock, useAirlockStore } from '../../store-context.js';
import { PinField, takePin } from '../../components/PinField.js';
import { TokenPicker } from '../../components/TokenPicker.js';
import { TriesWarning } from '../../components/TriesWarning.js';
import { useTokenChoice } from '../../components/token-choice.js';

const PIN = 'pin';

/**
 * Token + PIN. The PIN is taken out of the field at submit and the field emptied before the
 * request leaves, so it is typed again after any outcome and never sits in React or the store.
 */
export function UnlockForm({ tokens }: { tokens: readonly TokenSummary[] }) {
  const t = useT();
  const store = useAirlockStore();
  const busy = useAirlock((state) => state.busy.unlock);
  const unlock = useAirlock((state) => state.unlock);
  const [chosen, choose] = useTokenChoice(tokens);
  const [problem, setProblem] = useState<UnlockPinProblem | null>(null);
  const warningId = useId();
  const problemId = useId();
  const alertId = useId();
  const error = useAirlock((state) => state.lastError);
  const pinField = useRef<HTMLInputElement>(null);
  const submit = useRef<HTMLButtonElement>(null);
  // After a failed try the alert already says how many tries are left, as the token reported them.
  const triesInAlert = error !== null && errorTriesKey(error) !== null;

  // Typing starts at once: focus the PIN field on arrival and again after every failed try (the
  // alert above it says why), so the next try never goes to a button or the page.
  useEffect(() => {
    (pinField.current ?? submit.current)?.focus();
  }, [error]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The store drops a second request too; stopping here also leaves the field alone.
    if (chosen === undefined || chosen.pinTries === 'locked' || store.getState().busy.unlock) return;
    if (chosen.protectedAuthPath) {
      setProblem(null);
      void unlock(chosen.ref);
      return;
    }
    const pin = takePin(event.currentTarget, PIN);
    const found = unlockPinProblem(pin);
    setProblem(found);
    if (found === null) void unlock(chosen.ref, pin);
  };

  const describedBy = [...(error === null ? [] : [alertId]), ...(chosen !== undefined && chosen.pinTries !== 'ok' && !triesInAlert ? [warningId] : []), ...(problem === null ? [] : [problemId])];

  return (
    <form className="pin-form" noValidate onSubmit={onSubmit}>
      <TokenPicker legend={t('lock.tokenLegend')} tokens={tokens} chosen={chosen} onChoose={choose} />
      {/* Above the field it is about, so neither the field nor the heading scrolls away for it. */}
      <ErrorAlert id={alertId} />
      {chosen === undefined ? (
        <p className="prose">{t('lock.chooseToken')}</p>
      ) : chosen.pinTries === 'locked' ? (
        // A locked token takes no PIN at all: only the cipher officer can help.
        <TriesWarning tries="locked" />
      ) : (
        <>
          {!triesInAlert && <TriesWarning id={warningId} tries={chosen.pinTries} />}
          {chosen.protectedAuthPath ? (
            <p className="prose">{t('lock.pinPad')}</p>
          ) : (
            <PinField name={PIN} label={t('pin.label')} describedBy={describedBy} invalid={problem !== null || error !== null} inputRef={pinField} />
          )}
          <div role="alert" className="field-problem-region">
            {problem !== null && (
              <p id={problemId} className="field-problem">
                {t(problem, { min: PIN_MIN_LENGTH })}
              </p>
            )}
          </div>
          {/* aria-disabled, not disabled: a disabled button would drop keyboard focus to the page. */}
          <button ref={submit} type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {t('lock.unlock')}
          </button>
          <p role="status" className="pin-form__status">
            {busy ? t(chosen.protectedAuthPath ? 'lock.waitingPinPad' : 'lock.checking') : ''}
          </p>
        </>
      )}
    </form>
  );
}
