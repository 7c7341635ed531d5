import type { StoreProfile } from '../store/store-profile.js';
import { trainingHandlers } from './handlers.js';
import { trainingStatusOf, type TrainingProfile } from './training-profile.js';

/**
 * Whether this core serves a training workstation. The profile was read and checked by the shell
 * (loadTrainingProfile); the core only says so (training.status) and tells the vault which kind of
 * store files it may open.
 */
export function createTraining({ profile }: { readonly profile: TrainingProfile | undefined }) {
  const status = trainingStatusOf(profile);
  const storeProfile: StoreProfile = profile === undefined ? 'workstation' : 'training';
  return { status, storeProfile, handlers: trainingHandlers(status) };
}
