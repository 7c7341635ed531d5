import type { StoreProfile } from '../store/store-profile.js';
import { trainingHandlers } from './handlers.js';
import { GuidedTour, type GuidedTourDeps } from './guided-tour.js';
import { trainingStatusOf, type TrainingProfile } from './training-profile.js';

export interface TrainingDeps extends Omit<GuidedTourDeps, 'training' | 'steps' | 'now'> {
  readonly profile: TrainingProfile | undefined;
}

/**
 * Whether this core serves a training workstation. The profile was read and checked by the shell
 * (loadTrainingProfile); the core says so (training.status), tells the vault which kind of store
 * files it may open, and keeps the guided tour (a training workstation only).
 */
export function createTraining({ profile, ...tourDeps }: TrainingDeps) {
  const status = trainingStatusOf(profile);
  const tour = new GuidedTour({ training: profile !== undefined, ...tourDeps });
  return { status, tour, handlers: trainingHandlers(status, tour) };
}

/** Which kind of store files the vault may open: known from the profile alone, before the vault is built. */
export function storeProfileOf(profile: TrainingProfile | undefined): StoreProfile {
  return profile === undefined ? 'workstation' : 'training';
}
