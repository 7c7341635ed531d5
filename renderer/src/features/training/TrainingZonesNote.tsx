import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

/** True on a training workstation whose zones are shown only (npm run training was not run as root). */
export function useTrainingSwitchingOff(): boolean {
  const training = useAirlock((state) => state.training);
  return training?.active === true && training.zoneSwitching === 'notRoot';
}

/** Says exactly why the zones of a training workstation cannot be switched to, and how to get that. */
export function TrainingZonesNote() {
  const t = useT();
  if (!useTrainingSwitchingOff()) return null;
  return (
    <section className="training-hint" aria-labelledby="training-zones-title">
      <h2 id="training-zones-title">{t('training.zones.title')}</h2>
      <p className="prose">{t('training.zones.notRoot')}</p>
      <p className="prose">{t('training.zones.how')}</p>
    </section>
  );
}
