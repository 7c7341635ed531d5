import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/**
 * The watchdog's newest alert, over every screen and the lock screen: a link coming up outside
 * the live zone is news the user must not miss, whatever they are looking at. Stays until
 * acknowledged; the Zones screen keeps the full list.
 */
export function WatchdogBanner() {
  const t = useT();
  const alert = useAirlock((state) => state.watchdogAlert);
  const language = useAirlock((state) => state.language);
  const acknowledge = useAirlock((state) => state.acknowledgeWatchdog);
  return (
    <div role="alert" className="error-alert-region">
      {alert !== null && (
        <div className={`error-alert watchdog-banner watchdog-banner--${alert.action}`}>
          <p className="error-alert__title">{t('zones.watchdog.bannerTitle')}</p>
          <p className="error-alert__message">
            {t(`zones.watchdog.${alert.action}`, { interface: alert.interface })}
            {(() => {
              const moment = formatMoment(language, alert.at, { seconds: true });
              return moment === null ? '' : ` ${t('zones.watchdog.at', moment)}`;
            })()}
          </p>
          <button type="button" className="button" onClick={acknowledge}>
            {t('zones.watchdog.acknowledge')}
          </button>
        </div>
      )}
    </div>
  );
}
