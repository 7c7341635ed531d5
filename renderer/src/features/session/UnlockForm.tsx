import { useId, useState, type FormEvent } from 'react';
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

  const describedBy = [...(chosen !== undefined && chosen.pinTries !== 'ok' ? [warningId] : []), ...(problem === null ? [] : [problemId])];

  return (
    <form className="pin-form" noValidate onSubmit={onSubmit}>
      <TokenPicker legend={t('lock.tokenLegend')} tokens={tokens} chosen={chosen} onChoose={choose} />
      {chosen === undefined ? (
        <p className="prose">{t('lock.chooseToken')}</p>
      ) : chosen.pinTries === 'locked' ? (
        // A locked token takes no PIN at all: only the cipher officer can help.
        <TriesWarning tries="locked" />
      ) : (
        <>
          <TriesWarning id={warningId} tries={chosen.pinTries} />
          {chosen.protectedAuthPath ? (
            <p className="prose">{t('lock.pinPad')}</p>
          ) : (
            <PinField name={PIN} label={t('pin.label')} describedBy={describedBy} invalid={problem !== null} />
          )}
          <div role="alert" className="field-problem-region">
            {problem !== null && (
              <p id={problemId} className="field-problem">
                {t(problem, { min: PIN_MIN_LENGTH })}
              </p>
            )}
          </div>
          {/* aria-disabled, not disabled: a disabled button would drop keyboard focus to the page. */}
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
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
