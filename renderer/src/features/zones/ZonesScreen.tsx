import { useEffect, useState } from 'react';
import type { ZoneSummary } from '../../../../shared/domain/zone.js';
import { WatchdogAlerts } from './WatchdogAlerts.js';
import { ZoneCards } from './ZoneCards.js';
import { ZonePolicyStatus } from './ZonePolicyStatus.js';
import { ZoneSwitchForm } from './ZoneSwitchForm.js';
import { ZoneSwitchReport } from './ZoneSwitchReport.js';
import { TrainingZonesNote, useTrainingSwitchingOff } from '../training/TrainingZonesNote.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/** The zones of the signed policy, the live one, the switch dialog, the last switch and the watchdog's alerts. */
export function ZonesScreen() {
  const t = useT();
  const overview = useAirlock((state) => state.zonesOverview);
  const tokens = useAirlock((state) => state.tokens);
  const zoneSwitch = useAirlock((state) => state.zoneSwitch);
  const language = useAirlock((state) => state.language);
  const loadZones = useAirlock((state) => state.loadZones);
  const dismissZoneSwitch = useAirlock((state) => state.dismissZoneSwitch);
  const switchingOff = useTrainingSwitchingOff();
  const [target, setTarget] = useState<ZoneSummary | null>(null);
  useEffect(() => void loadZones(), [loadZones]);

  // Asking for a new switch puts the last one's report away: the new dialog, then its report, replace it.
  const choose = (zone: ZoneSummary) => {
    dismissZoneSwitch();
    setTarget(zone);
  };

  if (overview === null) return <h1>{t('screen.zones.name')}</h1>;
  const coolDown = overview.coolDownUntil === null ? null : formatMoment(language, overview.coolDownUntil, { seconds: true });
  const canSwitch = !switchingOff && overview.policy.state === 'loaded' && tokens !== null && tokens.length > 0 && zoneSwitch?.outcome.status !== 'running';
  return (
    <>
      <h1>{t('screen.zones.name')}</h1>
      <p className="prose">{t('screen.zones.intro')}</p>
      <ZonePolicyStatus policy={overview.policy} />
      <TrainingZonesNote />
      {coolDown !== null && <p className="prose">{t('zones.coolDownUntil', coolDown)}</p>}
      {zoneSwitch !== null && <ZoneSwitchReport view={zoneSwitch} />}
      {target !== null && tokens !== null && tokens.length > 0 && zoneSwitch?.outcome.status !== 'running' ? (
        <ZoneSwitchForm zone={target} tokens={tokens} onClose={() => setTarget(null)} />
      ) : (
        <>
          <h2>{t('zones.list')}</h2>
          <ZoneCards zones={overview.zones} activeId={overview.status.active?.id ?? null} onChoose={canSwitch ? choose : undefined} />
          {overview.policy.state === 'loaded' && (tokens === null || tokens.length === 0) && <p className="prose">{t('zones.needToken')}</p>}
        </>
      )}
      <WatchdogAlerts alerts={overview.alerts} />
    </>
  );
}
