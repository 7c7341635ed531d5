import { errorMessageKey } from '../../i18n/catalog.js';
import { STEP_ORDER, type ZoneSwitchView } from './zone-switch.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/** Each step with its state, then how the switch ended. A live region: screen readers hear the steps go by. */
export function ZoneSwitchReport({ view }: { view: ZoneSwitchView }) {
  const t = useT();
  const dismiss = useAirlock((state) => state.dismissZoneSwitch);
  const outcome = view.outcome;
  const failedStep = outcome.status === 'failed' ? outcome.error.details?.zoneStep : undefined;
  return (
    <section className="zone-switch-report" aria-labelledby="zone-switch-report-title">
      <h2 id="zone-switch-report-title">{t('zones.report.title')}</h2>
      <ol className="zone-steps" aria-live="polite">
        {STEP_ORDER.map((step) => (
          <li key={step} className={`zone-step zone-step--${view.steps[step]}`}>
            {t(`zones.step.${step}`)}: <strong>{t(`zones.stepState.${view.steps[step]}`)}</strong>
          </li>
        ))}
      </ol>
      <div role="status">
        {outcome.status === 'done' && (
          <StatusLine severity="ok">
            <p>{t('zones.report.done')}</p>
          </StatusLine>
        )}
        {outcome.status === 'failed' && (
          <StatusLine severity="danger" strong>
            <p>{t(errorMessageKey(outcome.error))}</p>
            {failedStep !== undefined && <p>{t('zones.report.failedAt', { step: t(`zones.step.${failedStep}`) })}</p>}
          </StatusLine>
        )}
      </div>
      {outcome.status !== 'running' && (
        <button type="button" className="button" onClick={dismiss}>
          {t('zones.report.dismiss')}
        </button>
      )}
    </section>
  );
}
