import type { WatchdogAlert } from '../../../../shared/domain/zone.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/** What the watchdog cut (or could not cut), newest first, with when. */
export function WatchdogAlerts({ alerts }: { alerts: readonly WatchdogAlert[] }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  return (
    <section aria-labelledby="watchdog-title">
      <h2 id="watchdog-title">{t('zones.watchdog.title')}</h2>
      {alerts.length === 0 ? (
        <p className="prose">{t('zones.watchdog.none')}</p>
      ) : (
        <ul className="watchdog-alerts">
          {alerts.map((alert) => {
            const moment = formatMoment(language, alert.at, { seconds: true });
            return (
              <li key={`${alert.at}-${alert.interface}-${alert.action}`} className={`watchdog-alert watchdog-alert--${alert.action}`}>
                {t(`zones.watchdog.${alert.action}`, { interface: alert.interface })}
                {moment !== null && ` ${t('zones.watchdog.at', moment)}`}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
