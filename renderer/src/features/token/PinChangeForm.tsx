import { useId, useRef, useState, type FormEvent } from 'react';
import type { TokenSummary } from '../../../../shared/domain/token.js';
import { NEW_PIN_MAX_LENGTH, PIN_MIN_LENGTH, pinChangeProblem, type PinChangeProblem } from '../../pin-rules.js';
import { useT } from '../../use-t.js';
import { useAirlock, useAirlockStore } from '../../store-context.js';
import { PinField, takePin } from '../../components/PinField.js';
import { TokenPicker } from '../../components/TokenPicker.js';
import { TriesWarning } from '../../components/TriesWarning.js';
import { useTokenChoice } from '../../components/token-choice.js';

const OLD = 'oldPin';
const NEW = 'newPin';
const REPEAT = 'repeatPin';

/** Which fields a problem is about, so they are marked invalid and read with the message. */
const INVALID: Readonly<Record<PinChangeProblem, readonly string[]>> = {
  'pinChange.oldTooShort': [OLD],
  'pinChange.newLength': [NEW],
  'pinChange.mismatch': [NEW, REPEAT],
};

/**
 * Old PIN, new PIN twice. All three fields are emptied at submit, before anything else happens,
 * so after any outcome they are typed again; the PINs never reach React state or the store.
 */
export function PinChangeForm({ tokens }: { tokens: readonly TokenSummary[] }) {
  const t = useT();
  const store = useAirlockStore();
  const busy = useAirlock((state) => state.busy.changePin);
  const changePin = useAirlock((state) => state.changePin);
  const [chosen, choose] = useTokenChoice(tokens);
  const [problem, setProblem] = useState<PinChangeProblem | null>(null);
  const [done, setDone] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const warningId = useId();
  const hintId = useId();
  const problemId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen === undefined || chosen.pinTries === 'locked' || chosen.protectedAuthPath || store.getState().busy.changePin) return;
    const form = event.currentTarget;
    const oldPin = takePin(form, OLD);
    const newPin = takePin(form, NEW);
    const repeat = takePin(form, REPEAT);
    setDone(false);
    const found = pinChangeProblem(oldPin, newPin, repeat);
    setProblem(found);
    if (found !== null) {
      // All three were emptied: start again at the first.
      firstField.current?.focus();
      return;
    }
    void changePin(chosen.ref, oldPin, newPin).then(setDone);
  };

  const warned = chosen !== undefined && chosen.pinTries !== 'ok' ? [warningId] : [];
  const describedBy = (name: string, ...own: string[]) => [...warned, ...own, ...(problem !== null && INVALID[problem].includes(name) ? [problemId] : [])];
  // The texts take their numbers from the rule itself, so hint and check cannot drift apart.
  const bounds = { min: PIN_MIN_LENGTH, max: NEW_PIN_MAX_LENGTH };
  const invalid = (name: string) => problem !== null && INVALID[problem].includes(name);

  return (
    <form className="pin-form" noValidate aria-labelledby={headingId} onSubmit={onSubmit}>
      <h2 id={headingId}>{t('pinChange.heading')}</h2>
      <TokenPicker legend={t('pinChange.legend')} tokens={tokens} chosen={chosen} onChoose={choose} />
      {chosen === undefined ? null : chosen.pinTries === 'locked' ? (
        <TriesWarning tries="locked" />
      ) : chosen.protectedAuthPath ? (
        // The contract takes both PINs as text; typing a PIN-pad token's PIN on the keyboard would defeat the pad.
        <p className="notice">{t('pinChange.pinPad')}</p>
      ) : (
        <>
          <TriesWarning id={warningId} tries={chosen.pinTries} />
          <PinField inputRef={firstField} name={OLD} label={t('pinChange.old')} describedBy={describedBy(OLD)} invalid={invalid(OLD)} />
          <PinField name={NEW} label={t('pinChange.new')} describedBy={describedBy(NEW, hintId)} invalid={invalid(NEW)} />
          <p id={hintId} className="field-hint">
            {t('pinChange.hint', bounds)}
          </p>
          <PinField name={REPEAT} label={t('pinChange.repeat')} describedBy={describedBy(REPEAT)} invalid={invalid(REPEAT)} />
          <div role="alert" className="field-problem-region">
            {problem !== null && (
              <p id={problemId} className="field-problem">
                {t(problem, bounds)}
              </p>
            )}
          </div>
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {t('pinChange.submit')}
          </button>
          <p role="status" className="pin-form__status">
            {busy ? t('pinChange.busy') : done ? t('pinChange.done') : ''}
          </p>
        </>
      )}
    </form>
  );
}
