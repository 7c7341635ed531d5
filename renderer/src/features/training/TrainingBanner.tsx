import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { focusTour, TOUR_PANEL_ID } from './tour-focus.js';

/**
 * On a training workstation, on every screen, locked or not: it has no close button and no
 * setting turns it off, so nobody mistakes the practice workstation for a real one. Its one
 * button starts the guided tour, or shows it again (the panel's heading then takes the focus, so
 * the keyboard starts at the guide).
 */
export function TrainingBanner() {
  const t = useT();
  const training = useAirlock((state) => state.training);
  const tour = useAirlock((state) => state.tour);
  const startTour = useAirlock((state) => state.startTour);
  const showTour = useAirlock((state) => state.showTour);
  if (training?.active !== true) return null;
  const running = tour?.active === true;
  return (
    <aside className="training-banner" aria-label={t('training.banner.label')}>
      <p className="training-banner__text">
        <strong>{t('training.banner.title')}</strong> — {t('training.banner.text')}
      </p>
      <button type="button" className="training-banner__tour" aria-controls={running ? TOUR_PANEL_ID : undefined} onClick={() => {
          if (running) {
            showTour(true);
            focusTour();
          } else void startTour().then(focusTour);
        }}>
        {t('training.tour.open')}
      </button>
    </aside>
  );
}
