import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TrainingOfficial, TrainingZoneSwitching, type TrainingStatus } from '../../../shared/ipc/contracts/training.js';

/** The format tag of `training.json`; a file of another format is refused, never guessed at. */
export const TRAINING_PROFILE_FORMAT = 'airlock-training-profile/1';

const AbsolutePath = z.string().min(1).max(4096).refine((value) => path.isAbsolute(value), 'must be an absolute path');

/**
 * `training.json`, written by `npm run training` (tools/training-kit/) and named by
 * `AIRLOCK_TRAINING_PROFILE`. It is the whole configuration of a training workstation: its own
 * data folder, its own trust roots (the training CA, trusted nowhere else), its SoftHSM tokens,
 * its zone policy and helper. A shell given one takes none of these from the usual variables.
 */
/**
 * The training workstation's messaging server (tools/training-kit/training-messaging.ts): where it
 * listens and its files. The app finds it through the credentials sealed in the zone's store, not
 * here; this is what `npm run training` starts again on reuse and what `--down` ends.
 */
export const TrainingMessagingFile = z.strictObject({
  url: z.string().regex(/^tls:\/\/[0-9.]+:\d{1,5}$/),
  /** `cipherZone`: inside the cipher zone's namespace (root); `loopback`: on 127.0.0.1 (zones shown only). */
  where: z.enum(['cipherZone', 'loopback']),
  /** The zone whose store holds the officials' credentials. */
  zone: z.string().min(1).max(64),
  netns: z.string().regex(/^[a-z0-9-]{1,32}$/).optional(),
  /** The officer's server file (airlock-messaging-server/1): `airlock messaging add-user --config` takes it. */
  serverFile: AbsolutePath,
  configFile: AbsolutePath,
  log: AbsolutePath,
});
export type TrainingMessaging = z.infer<typeof TrainingMessagingFile>;

export const TrainingProfileFile = z.strictObject({
  format: z.literal(TRAINING_PROFILE_FORMAT),
  name: z.string().min(1).max(200),
  /** The folder `npm run training` made; everything below lives in it. */
  home: AbsolutePath,
  dataDir: AbsolutePath,
  inboxDir: AbsolutePath,
  trust: z.strictObject({ anchors: AbsolutePath, intermediates: AbsolutePath }),
  token: z.strictObject({
    modules: z.array(AbsolutePath).min(1).max(4),
    /** SOFTHSM2_CONF for the token process: the training tokens live in the training folder. */
    softhsmConf: AbsolutePath,
  }),
  zones: z.strictObject({
    policy: AbsolutePath,
    /** The privileged helper's argv (root only); absent: the zones are shown, switching is off. */
    helper: z.tuple([z.string().min(1)], z.string().min(1)).optional(),
    /** The workstation's network namespace the app runs in, when the zones are real. */
    netns: z.string().regex(/^[a-z0-9-]{1,32}$/).optional(),
    /** Why switching is off when there is no helper (said on the Zones screen). */
    switching: TrainingZoneSwitching,
  }),
  officials: z.array(TrainingOfficial).min(1).max(16),
  /** Absent in a profile made before the kit started a messaging server. */
  messaging: TrainingMessagingFile.optional(),
});
export type TrainingProfile = z.infer<typeof TrainingProfileFile>;

/** Why a training profile could not be used; the shell prints it and does not start. */
export class TrainingProfileError extends Error {
  constructor(file: string, problem: string) {
    super(`Hồ sơ tập huấn ${file} không dùng được: ${problem}\nThe training profile ${file} cannot be used: ${problem}`);
    this.name = 'TrainingProfileError';
  }
}

/** Reads and checks `training.json`: unreadable, not JSON or not the format above, it throws TrainingProfileError. */
export function loadTrainingProfile(file: string): TrainingProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrainingProfileError(file, error instanceof Error ? error.message : String(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrainingProfileError(file, 'not JSON');
  }
  const parsed = TrainingProfileFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new TrainingProfileError(file, problems.join('; '));
  }
  return parsed.data;
}

/** What the renderer is told: who the officials are and where their documents wait; no paths of keys or trust. */
export function trainingStatusOf(profile: TrainingProfile | undefined): TrainingStatus {
  if (profile === undefined) return { active: false };
  return { active: true, name: profile.name, officials: profile.officials, inboxDir: profile.inboxDir, zoneSwitching: profile.zones.switching };
}
