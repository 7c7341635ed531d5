import type { HandlersOf } from '../ipc/handlers-of.js';
import type { TrainingStatus } from '../../../shared/ipc/contracts/training.js';

export function trainingHandlers(status: TrainingStatus): HandlersOf<'training'> {
  return {
    status: () => status,
  };
}
