import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

/**
 * On a training workstation, on every screen, locked or not: it has no close button and no
 * setting turns it off, so nobody mistakes the practice workstation for a real one.
 */
export function TrainingBanner() {
  const t = useT();
  const training = useAirlock((state) => state.training);
  if (training?.active !== true) return null;
  return (
    <aside className="training-banner" aria-label={t('training.banner.label')}>
      <p className="training-banner__text">
        <strong>{t('training.banner.title')}</strong> — {t('training.banner.text')}
      </p>
    </aside>
  );
}
