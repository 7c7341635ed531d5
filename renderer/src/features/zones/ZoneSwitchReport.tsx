import { errorMessageKey } from '../../i18n/catalog.js';
import { STEP_ORDER, type ZoneSwitchView } from './zone-switch.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

interface Props {
  view: ZoneSwitchView;
  /** Whether to offer "Close" (the Zones screen); the lock screen's report goes at the unlock. */
  dismissible?: boolean;
}

/**
 * How the switch ended in one line, then its steps. While it runs the steps are in view (a live
 * region: screen readers hear them go by); once it has ended they wait behind "Details", so what
 * the user must do next (the PIN, on the lock screen) is not pushed below the fold.
 */
export function ZoneSwitchReport({ view, dismissible = true }: Props) {
  const t = useT();
  const dismiss = useAirlock((state) => state.dismissZoneSwitch);
  const outcome = view.outcome;
  const failedStep = outcome.status === 'failed' ? outcome.error.details?.zoneStep : undefined;
  const steps = (
    <ol className="zone-steps" aria-live="polite">
      {STEP_ORDER.map((step) => (
        <li key={step} className={`zone-step zone-step--${view.steps[step]}`}>
          {t(`zones.step.${step}`)}: <strong>{t(`zones.stepState.${view.steps[step]}`)}</strong>
        </li>
      ))}
    </ol>
  );
  return (
    <section className="zone-switch-report" aria-labelledby="zone-switch-report-title">
      <h2 id="zone-switch-report-title">{t('zones.report.title')}</h2>
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
      {outcome.status === 'running' ? (
        steps
      ) : (
        <details className="zone-switch-report__details">
          <summary>{t('zones.report.details')}</summary>
          {steps}
        </details>
      )}
      {dismissible && outcome.status !== 'running' && (
        <button type="button" className="button" onClick={dismiss}>
          {t('zones.report.dismiss')}
        </button>
      )}
    </section>
  );
}
