import type { ZonesOverview } from '../../../../shared/domain/zone.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/**
 * How the last switch ended, from the core's overview: each zone has its own window, so the one
 * showing the lock screen after a switch may not be the one that asked for it.
 */
export function LastSwitchLine({ overview }: { overview: ZonesOverview }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const last = overview.lastSwitch;
  if (last === null) return null;
  const moment = formatMoment(language, last.at);
  if (moment === null) return null;
  const name = overview.zones.find((zone) => zone.id === last.target)?.name[language] ?? last.target;
  return last.result === 'ok' ? (
    <StatusLine severity="ok">
      <p>{t('zones.last.ok', { name, ...moment })}</p>
    </StatusLine>
  ) : (
    <StatusLine severity="danger" strong>
      <p>{t('zones.last.failed', { name, ...moment })}</p>
      {last.failedStep !== null && <p>{t('zones.report.failedAt', { step: t(`zones.step.${last.failedStep}`) })}</p>}
    </StatusLine>
  );
}
