import type { HandlersOf } from '../ipc/handlers-of.js';
import type { TrainingStatus } from '../../../shared/ipc/contracts/training.js';
import type { GuidedTour } from './guided-tour.js';

export function trainingHandlers(status: TrainingStatus, tour: GuidedTour): HandlersOf<'training'> {
  return {
    status: () => status,
    tourStart: () => tour.start(),
    tourProgress: () => tour.progress(),
    tourEnd: () => tour.end(),
  };
}
