import { useId, useState, type FormEvent } from 'react';
import type { TokenSummary } from '../../../../shared/domain/token.js';
import type { ZoneSummary } from '../../../../shared/domain/zone.js';
import { unlockPinProblem, PIN_MIN_LENGTH, type UnlockPinProblem } from '../../pin-rules.js';
import { useT } from '../../use-t.js';
import { useAirlock, useAirlockStore } from '../../store-context.js';
import { FormRow } from '../../components/FormRow.js';
import { PinField, takePin } from '../../components/PinField.js';
import { TokenPicker } from '../../components/TokenPicker.js';
import { useTokenChoice } from '../../components/token-choice.js';

const PIN = 'pin';
const REASON_MIN = 3;

/**
 * The switch dialog: the only way a switch starts. Token, PIN and a reason (kept in the audit log
 * with the token's signature). Says before the click that the workstation will lock.
 */
export function ZoneSwitchForm({ zone, tokens, onClose }: { zone: ZoneSummary; tokens: readonly TokenSummary[]; onClose: () => void }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const store = useAirlockStore();
  const switchZone = useAirlock((state) => state.switchZone);
  const [chosen, choose] = useTokenChoice(tokens);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<UnlockPinProblem | 'zones.form.reasonShort' | null>(null);
  const problemId = useId();
  const name = zone.name[language];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen === undefined || store.getState().busy.zoneSwitch) return;
    const pin = chosen.protectedAuthPath ? undefined : takePin(event.currentTarget, PIN);
    const found = reason.trim().length < REASON_MIN ? 'zones.form.reasonShort' : pin === undefined ? null : unlockPinProblem(pin);
    setProblem(found);
    if (found === null) {
      // Once the switch starts the dialog has done its job: the report takes its place.
      void switchZone(zone.id, reason.trim(), chosen.ref, pin);
      onClose();
    }
  };

  return (
    <form className="pin-form zone-switch-form" noValidate onSubmit={onSubmit} aria-labelledby="zone-switch-title">
      <h2 id="zone-switch-title">{t('zones.form.title', { name })}</h2>
      <p className="prose">{t('zones.form.warning')}</p>
      <TokenPicker legend={t('zones.form.token')} tokens={tokens} chosen={chosen} onChoose={choose} />
      <FormRow label={t('zones.form.reason')} invalid={problem === 'zones.form.reasonShort'}>
        {(field) => <textarea {...field} value={reason} maxLength={500} rows={2} onChange={(event) => setReason(event.target.value)} />}
      </FormRow>
      {chosen !== undefined && !chosen.protectedAuthPath && <PinField name={PIN} label={t('pin.label')} describedBy={problem === null ? [] : [problemId]} invalid={problem !== null && problem !== 'zones.form.reasonShort'} />}
      {chosen?.protectedAuthPath === true && <p className="prose">{t('lock.pinPad')}</p>}
      <div role="alert" className="field-problem-region">
        {problem !== null && (
          <p id={problemId} className="field-problem">
            {problem === 'zones.form.reasonShort' ? t(problem, { min: REASON_MIN }) : t(problem, { min: PIN_MIN_LENGTH })}
          </p>
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary">
          {t('zones.form.submit', { name })}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('zones.form.cancel')}
        </button>
      </div>
    </form>
  );
}
