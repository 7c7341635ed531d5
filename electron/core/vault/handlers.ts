import type { HandlersOf } from '../ipc/handlers-of.js';
import type { KeyRotationJob } from './key-rotation-job.js';

export function storeHandlers(keyRotation: KeyRotationJob): HandlersOf<'store'> {
  return {
    rotateDataKey: ({ job }) => keyRotation.run(job),
    cancelRotation: () => keyRotation.cancel(),
  };
}
