import { z } from 'zod';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';
import { TOUR_STEP_IDS } from '../../domain/tour.js';

/** A training official: who they play, which SoftHSM token is theirs and its PIN (training only). */
export const TrainingOfficial = z.strictObject({
  name: z.string().min(1).max(200),
  organisation: z.string().min(1).max(200),
  role: z.enum(['official', 'cipherOfficer']),
  tokenLabel: z.string().min(1).max(32),
  pin: z.string().min(4).max(64),
});
export type TrainingOfficial = z.infer<typeof TrainingOfficial>;

/** Whether the zones can be switched to: real network namespaces and the helper (as root), or shown only. */
export const TrainingZoneSwitching = z.enum(['available', 'notRoot']);
export type TrainingZoneSwitching = z.infer<typeof TrainingZoneSwitching>;

/**
 * Whether this workstation is a training one (`npm run training`, docs/training.md). A real
 * workstation answers `{ active: false }`; a training one names itself, its officials with their
 * tokens and PINs (shown on the lock screen: they are practice tokens) and its inbox folder.
 */
export const TrainingStatus = z.discriminatedUnion('active', [
  z.strictObject({ active: z.literal(false) }),
  z.strictObject({
    active: z.literal(true),
    name: z.string().min(1).max(200),
    officials: z.array(TrainingOfficial).min(1).max(16),
    inboxDir: z.string().min(1).max(4096),
    /** `notRoot`: the Zones screen says switching is off because `npm run training` did not run as root. */
    zoneSwitching: TrainingZoneSwitching,
  }),
]);
export type TrainingStatus = z.infer<typeof TrainingStatus>;

/** One step of the guided tour as the core judged it from its own state, never from the renderer's word. */
export const TourStepProgress = z.strictObject({
  id: z.enum(TOUR_STEP_IDS),
  done: z.boolean(),
  /** When the core first saw the step done. */
  doneAt: z.iso.datetime().optional(),
});

/**
 * The guided tour of a training workstation (docs/training.md "The guided tour"): off, or started
 * at `startedAt` with each step done or not. Kept by the core for the app's run, so it survives a
 * lock, an unlock and a zone switch.
 */
export const TourProgress = z.discriminatedUnion('active', [
  z.strictObject({ active: z.literal(false) }),
  z.strictObject({ active: z.literal(true), startedAt: z.iso.datetime(), steps: z.array(TourStepProgress) }),
]);
export type TourProgress = z.infer<typeof TourProgress>;

export const trainingChannels = {
  training: {
    status: defineChannel(NoParams, TrainingStatus),
    /** Starts the guided tour again from its first step (a training workstation only: training.notActive otherwise). */
    tourStart: defineChannel(NoParams, TourProgress),
    tourProgress: defineChannel(NoParams, TourProgress),
    tourEnd: defineChannel(NoParams, TourProgress),
  },
} as const;

export const trainingEvents = {
  /** The core saw a step done (or the tour started or ended). */
  'training.tourChanged': TourProgress,
} as const;
