import type { TrainingStatus } from '../../../../shared/ipc/contracts/training.js';
import type { Slice } from '../slice.js';

// Whether this is a training workstation (npm run training): the banner on every screen and the
// lock screen's hint read it. Kept while locked: the hint is for the lock screen.

export interface TrainingSliceState {
  /** Null until the core has answered; then `{ active: false }` on a real workstation. */
  readonly training: TrainingStatus | null;
}

export type TrainingActions = Record<never, never>;

export const trainingSlice: Slice<TrainingSliceState, TrainingActions> = {
  initial: { training: null },
  atLock: { training: 'kept' },
  busy: [],
  create: ({ api, run }) => ({
    actions: {},
    load: () => run(null, () => api.training.status({}), (training) => ({ training })),
  }),
};
