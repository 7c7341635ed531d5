import { useEffect, useRef } from 'react';
import type { SessionState } from '../../../../shared/domain/session.js';
import type { ZonesOverview } from '../../../../shared/domain/zone.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TokenPresence } from '../../components/TokenPresence.js';
import { UnlockForm } from './UnlockForm.js';
import { WatchdogAlerts } from '../zones/WatchdogAlerts.js';
import { ZoneSwitchReport } from '../zones/ZoneSwitchReport.js';
import { LastSwitchLine } from '../zones/LastSwitchLine.js';
import { TrainingHint } from '../training/TrainingHint.js';
import type { ZoneSwitchView } from '../zones/zone-switch.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

type Locked = Extract<SessionState, { locked: true }>;

/** A switch locks while it runs; once it has ended the reason says so, not "is switching". */
function reasonKey(session: Locked, zoneSwitch: ZoneSwitchView | null, overview: ZonesOverview | null) {
  if (session.reason !== 'zoneSwitch') return `lockReason.${session.reason}` as const;
  const ended = zoneSwitch?.outcome.status ?? (overview?.lastSwitch?.result === 'ok' ? 'done' : overview?.lastSwitch?.result === undefined ? 'running' : 'failed');
  return ended === 'done' ? 'lockReason.zoneSwitchDone' : ended === 'failed' ? 'lockReason.zoneSwitchFailed' : 'lockReason.zoneSwitch';
}

/**
 * What to do comes first: the heading, why it is locked (which says how a switch ended), then the
 * PIN, focused. What is only for reading (the switch's report and steps, the watchdog's alerts) comes after.
 */
export function LockScreen({ session }: { session: Locked }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const tokens = useAirlock((state) => state.tokens);
  // A switch locks the workstation: how it ended stays in view here, as do the watchdog's alerts.
  const zoneSwitch = useAirlock((state) => state.zoneSwitch);
  const overview = useAirlock((state) => state.zonesOverview);
  const alerts = overview?.alerts ?? [];
  const heading = useRef<HTMLHeadingElement>(null);
  const moment = formatMoment(language, session.lockedAt);
  const canUnlock = tokens !== null && tokens.length > 0;

  // The lock button that had focus is gone. With a token to unlock, the form focuses its PIN field
  // (its effect runs first); without one, focus goes where the user learns what happened.
  useEffect(() => {
    if (!canUnlock) heading.current?.focus();
    // Only on arrival: a token plugged in later is the form's to focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="lock-screen">
      <h1 ref={heading} tabIndex={-1}>
        {t('lock.title')}
      </h1>
      <p className="prose">{t('lock.reason', { reason: t(reasonKey(session, zoneSwitch, overview)) })}</p>
      <TokenPresence tokens={tokens} />
      {canUnlock ? <UnlockForm tokens={tokens} /> : <ErrorAlert />}
      {/* The reason above already says how the switch ended; its report follows the PIN, so the
          field stays in the first view at 200% text on a 768 px screen. */}
      {zoneSwitch !== null ? <ZoneSwitchReport view={zoneSwitch} dismissible={false} /> : session.reason === 'zoneSwitch' && overview !== null && <LastSwitchLine overview={overview} />}
      <TrainingHint />
      <p className="prose">{t('lock.hidden')}</p>
      {/* The first place the words "token" and "PIN" are met: what they are, in plain words. */}
      <p className="prose">{t('lock.explain')}</p>
      {moment !== null && <p className="prose">{t('lock.lockedAt', moment)}</p>}
      {alerts.length > 0 && <WatchdogAlerts alerts={alerts} />}
    </div>
  );
}
