import { useEffect, useRef } from 'react';
import type { TourProgress } from '../../../../shared/ipc/contracts/training.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { focusTour, TOUR_PANEL_ID, TOUR_TITLE_ID } from './tour-focus.js';
import { TOUR_STEP_TEXTS } from './tour-texts.js';

type Running = Extract<TourProgress, { active: true }>;

/**
 * The guided tour, at the bottom of the window in the page's flow: it takes room from the screen
 * above instead of covering it, so no control a step needs is ever under it. It can be hidden to
 * one line (never the training banner), and every step's state is the core's judgement
 * (training.tourChanged), shown as it arrives and announced politely.
 */
export function TourPanel() {
  const tour = useAirlock((state) => state.tour);
  if (tour?.active !== true) return null;
  return <RunningTour tour={tour} />;
}

function RunningTour({ tour }: { tour: Running }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const training = useAirlock((state) => state.training);
  const overview = useAirlock((state) => state.zonesOverview);
  const shown = useAirlock((state) => state.tourShown);
  const showTour = useAirlock((state) => state.showTour);
  const startTour = useAirlock((state) => state.startTour);
  const endTour = useAirlock((state) => state.endTour);
  const done = tour.steps.filter((step) => step.done).length;
  const current = tour.steps.find((step) => !step.done)?.id;
  const context = { t, language, training, overview };
  const currentItem = useRef<HTMLLIElement>(null);

  // The panel has its own scroll: when the core sees a step done, the next one's "what to do" comes into view.
  useEffect(() => {
    if (shown) currentItem.current?.scrollIntoView({ block: 'start' });
  }, [current, shown]);

  return (
    <aside id={TOUR_PANEL_ID} className="tour-panel" aria-labelledby={TOUR_TITLE_ID}>
      <div className="tour-panel__bar">
        <h2 id={TOUR_TITLE_ID} tabIndex={-1} className="tour-panel__title">
          {t('training.tour.title')}
        </h2>
        <p className="tour-panel__count" role="status">
          {t('training.tour.progress', { done, total: tour.steps.length })}
        </p>
        <button type="button" className="button" aria-expanded={shown} aria-controls="tour-panel-steps" onClick={() => showTour(!shown)}>
          {t(shown ? 'training.tour.hide' : 'training.tour.show')}
        </button>
      </div>
      <div id="tour-panel-steps" className="tour-panel__body" hidden={!shown}>
        <p className="prose">{t('training.tour.intro')}</p>
        <ol className="tour-panel__steps">
          {tour.steps.map((step) => {
            const texts = TOUR_STEP_TEXTS[step.id](context);
            const state = step.done ? 'done' : step.id === current ? 'current' : 'waiting';
            return (
              <li key={step.id} ref={state === 'current' ? currentItem : undefined} className={`tour-step tour-step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                <h3 className="tour-step__title">
                  <span className="tour-step__state">{t(`training.tour.state.${state}`)}:</span> {texts.title}
                </h3>
                {state === 'current' && (
                  <div className="tour-step__details">
                    <div>
                      <h4 className="tour-step__label">{t('training.tour.what')}</h4>
                      <p className="prose">{texts.what}</p>
                    </div>
                    <div>
                      <h4 className="tour-step__label">{t('training.tour.why')}</h4>
                      <p className="prose">{texts.why}</p>
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
        {current === undefined && <p className="prose tour-panel__finished">{t('training.tour.finished')}</p>}
        <div className="tour-panel__actions">
          <button type="button" className="button" onClick={() => void startTour().then(focusTour)}>
            {t('training.tour.restart')}
          </button>
          <button type="button" className="button" onClick={() => void endTour()}>
            {t('training.tour.end')}
          </button>
        </div>
      </div>
    </aside>
  );
}
