import type { TourProgress, TrainingStatus } from '../../../../shared/ipc/contracts/training.js';
import type { Slice } from '../slice.js';

// Whether this is a training workstation (npm run training): the banner on every screen and the
// lock screen's hint read it. Kept while locked: the hint is for the lock screen. The guided tour's
// progress is the core's (training.tourChanged); kept while locked too, since its first step is
// the unlock and a zone switch locks half-way through another.

export interface TrainingSliceState {
  /** Null until the core has answered; then `{ active: false }` on a real workstation. */
  readonly training: TrainingStatus | null;
  /** The guided tour as the core judged it; null until asked (and always on a real workstation). */
  readonly tour: TourProgress | null;
  /** Whether the tour panel shows its steps (hidden: one line with the progress). */
  readonly tourShown: boolean;
}

export interface TrainingActions {
  readonly startTour: () => Promise<void>;
  readonly endTour: () => Promise<void>;
  readonly showTour: (shown: boolean) => void;
}

export type TrainingBusy = 'tour';

export const trainingSlice: Slice<TrainingSliceState, TrainingActions, TrainingBusy> = {
  initial: { training: null, tour: null, tourShown: true },
  atLock: { training: 'kept', tour: 'kept', tourShown: 'kept' },
  busy: ['tour'],
  create: ({ api, run, get, set, exclusive }) => ({
    actions: {
      startTour: () => exclusive('tour', () => run(null, () => api.training.tourStart({}), (tour) => ({ tour, tourShown: true }))),
      endTour: () => exclusive('tour', () => run(null, () => api.training.tourEnd({}), (tour) => ({ tour }))),
      showTour: (tourShown) => set({ tourShown }),
    },
    events: (on) => [on('training.tourChanged', (tour) => set({ tour }))],
    load: async () => {
      const loaded = await run(null, () => api.training.status({}), (training) => ({ training }));
      // Only a training workstation has a tour; a real one would refuse the question.
      if (loaded && get().training?.active === true) await run(null, () => api.training.tourProgress({}), (tour) => ({ tour }));
    },
  }),
};
