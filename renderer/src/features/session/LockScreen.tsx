import { useEffect, useRef } from 'react';
import type { SessionState } from '../../../../shared/domain/session.js';
import { TokenPresence } from '../../components/TokenPresence.js';
import { UnlockForm } from './UnlockForm.js';
import { WatchdogAlerts } from '../zones/WatchdogAlerts.js';
import { ZoneSwitchReport } from '../zones/ZoneSwitchReport.js';
import { LastSwitchLine } from '../zones/LastSwitchLine.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

type Locked = Extract<SessionState, { locked: true }>;

export function LockScreen({ session }: { session: Locked }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const tokens = useAirlock((state) => state.tokens);
  // A switch locks the workstation: its steps and result stay in view here, as do the watchdog's alerts.
  const zoneSwitch = useAirlock((state) => state.zoneSwitch);
  const overview = useAirlock((state) => state.zonesOverview);
  const alerts = overview?.alerts ?? [];
  const heading = useRef<HTMLHeadingElement>(null);
  const moment = formatMoment(language, session.lockedAt);

  // The lock button that had focus is gone; put focus where the user learns what happened.
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="lock-screen">
      <h1 ref={heading} tabIndex={-1}>
        {t('lock.title')}
      </h1>
      <p className="prose">{t('lock.hidden')}</p>
      <p className="prose">{t('lock.reason', { reason: t(`lockReason.${session.reason}`) })}</p>
      {moment !== null && <p className="prose">{t('lock.lockedAt', moment)}</p>}
      <TokenPresence tokens={tokens} />
      {zoneSwitch !== null ? <ZoneSwitchReport view={zoneSwitch} /> : session.reason === 'zoneSwitch' && overview !== null && <LastSwitchLine overview={overview} />}
      {tokens !== null && tokens.length > 0 && <UnlockForm tokens={tokens} />}
      {alerts.length > 0 && <WatchdogAlerts alerts={alerts} />}
    </div>
  );
}
