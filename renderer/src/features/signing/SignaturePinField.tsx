import { useEffect, useId, useRef } from 'react';
import { PinField, takePin } from '../../components/PinField.js';
import { TriesWarning } from '../../components/TriesWarning.js';
import { errorMessageKey, errorTriesKey } from '../../i18n/catalog.js';
import { unlockPinProblem } from '../../pin-rules.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

const SIGNATURE_PIN = 'signaturePin';

/**
 * "PIN của thiết bị ký số" for this one signature, shown only when the token's signing key asks
 * its PIN each time (CKA_ALWAYS_AUTHENTICATE; docs/signing.md). Uncontrolled like the unlock
 * form's: the PIN is in the input until the form takes it at submit (takeSignaturePin), never in
 * React or the store. After a wrong or missing PIN the field comes back focused, with the refusal
 * and what the token says is left; before that, the token's own warning when tries are few.
 */
export function SignaturePinField() {
  const t = useT();
  const asked = useAirlock((state) => state.signing.pinPerSignature);
  const refusal = useAirlock((state) => state.signing.pinRefusal);
  const tries = useAirlock((state) => state.tokens?.find((token) => token.loggedIn)?.pinTries ?? 'ok');
  const field = useRef<HTMLInputElement>(null);
  const ids = { hint: useId(), refusal: useId(), tries: useId() };
  useEffect(() => {
    if (refusal !== null) field.current?.focus();
  }, [refusal]);
  if (!asked) return null;
  const triesKey = refusal === null ? null : errorTriesKey(refusal);
  const described = [ids.hint, ...(refusal === null ? [] : [ids.refusal]), ...(refusal === null && tries !== 'ok' ? [ids.tries] : [])];
  return (
    <fieldset className="token-picker">
      <legend className="token-picker__legend">{t('signing.pin.title')}</legend>
      <p id={ids.hint} className="prose">
        {t('signing.pin.hint')}
      </p>
      {refusal === null ? (
        <TriesWarning id={ids.tries} tries={tries} />
      ) : (
        <div id={ids.refusal} className="notice notice--danger">
          <p>{t(errorMessageKey(refusal))}</p>
          {triesKey !== null && <p>{t(triesKey)}</p>}
        </div>
      )}
      <PinField name={SIGNATURE_PIN} label={t('signing.pin.label')} describedBy={described} invalid={refusal !== null} inputRef={field} />
    </fieldset>
  );
}

/**
 * The PIN typed for this signature, taken out of its field (emptied at once, whatever follows):
 * undefined when the form has no such field (the key does not ask), 'tooShort' when it cannot be one.
 */
export function takeSignaturePin(form: HTMLFormElement): { readonly pin: string } | 'tooShort' | undefined {
  if (!(form.elements.namedItem(SIGNATURE_PIN) instanceof HTMLInputElement)) return undefined;
  const pin = takePin(form, SIGNATURE_PIN);
  return unlockPinProblem(pin) === null ? { pin } : 'tooShort';
}
