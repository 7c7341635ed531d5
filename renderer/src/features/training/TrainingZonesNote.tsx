import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

/** True on a training workstation whose zones are shown only (npm run training was not run as root). */
export function useTrainingSwitchingOff(): boolean {
  const training = useAirlock((state) => state.training);
  return training?.active === true && training.zoneSwitching === 'notRoot';
}

/** A training workstation made without root: a titled note saying what cannot be practised, why, and how to get it. */
function NotRootNote({ id, title, why, how }: { readonly id: string; readonly title: string; readonly why: string; readonly how: string }) {
  if (!useTrainingSwitchingOff()) return null;
  return (
    <section className="training-hint" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="prose">{why}</p>
      <p className="prose">{how}</p>
    </section>
  );
}

/** Says exactly why the zones of a training workstation cannot be switched to, and how to get that. */
export function TrainingZonesNote() {
  const t = useT();
  return <NotRootNote id="training-zones-title" title={t('training.zones.title')} why={t('training.zones.notRoot')} how={t('training.zones.how')} />;
}

/**
 * The Messages screen's counterpart: the kit's server runs on loopback without root, but messaging
 * lives only in a zone (the cipher network's credentials are sealed in its store) and there is no
 * zone to be in, so the app never connects — by rule, not by fault. Says so and how to get it.
 */
export function TrainingMessagesNote() {
  const t = useT();
  return <NotRootNote id="training-messages-title" title={t('training.messages.title')} why={t('training.messages.notRoot')} how={t('training.messages.how')} />;
}
