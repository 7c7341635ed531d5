import { z } from 'zod';
import { Classification } from './classification.js';
import { LocalPath } from './document.js';
import { LocalizedText } from './language.js';

/** A backup place's id as the zone policy names it (zones/policy-schema.ts BackupTargetId). */
export const BackupTargetRef = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);
/** A snapshot file's name: the SHA-256 of its bytes (docs/backup-repository.md "Repository layout"). */
export const SnapshotId = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * How many backups forget keeps (restic's --keep-last/-daily/-weekly/-monthly): the newest `last`,
 * then the newest of each of the last `daily` days, `weekly` weeks, `monthly` months. 0: that rule keeps none.
 */
export const BackupRetention = z.strictObject({
  last: z.number().int().min(0).max(1000),
  daily: z.number().int().min(0).max(1000),
  weekly: z.number().int().min(0).max(1000),
  monthly: z.number().int().min(0).max(1000),
});
export type BackupRetention = z.infer<typeof BackupRetention>;

/** Back up every `everyHours` hours while the workstation is unlocked; 0: only when asked. */
export const BackupSchedule = z.strictObject({
  everyHours: z.number().int().min(0).max(24 * 7),
  target: BackupTargetRef.nullable(),
});
export type BackupSchedule = z.infer<typeof BackupSchedule>;

/** How one run (the user's "Back up now" or the schedule's) ended, remembered per target. */
export const BackupRunResult = z.strictObject({
  target: BackupTargetRef,
  trigger: z.enum(['manual', 'scheduled']),
  at: z.iso.datetime(),
  ok: z.boolean(),
  /** Error code when it failed (`error.<code>` in the catalogs). */
  code: z.string().max(100).optional(),
  snapshots: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  newBytes: z.number().int().nonnegative(),
});
export type BackupRunResult = z.infer<typeof BackupRunResult>;

/** A place the live zone may back up to, as the Backups screen lists it. */
export const BackupTargetView = z.strictObject({
  id: BackupTargetRef,
  name: LocalizedText,
  kind: z.enum(['removableMedia', 'sftp', 'objectStore']),
  highestClassification: Classification,
  /** Removable media: the folder on the drive the user chose (null: not chosen yet). */
  folder: LocalPath.nullable(),
  /** The repository this workstation made or opened there before (null: never). */
  repository: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  lastRun: BackupRunResult.nullable(),
});
export type BackupTargetView = z.infer<typeof BackupTargetView>;

export const BackupStatus = z.strictObject({
  /** The live zone (null: none, so no backups). */
  zone: z.string().nullable(),
  targets: z.array(BackupTargetView).max(16),
  /** The folders the user chose to back up, beside the app's own sealed stores. */
  folders: z.array(LocalPath).max(64),
  retention: BackupRetention,
  schedule: BackupSchedule,
  /** The last scheduled run, whichever target it went to. */
  lastScheduled: BackupRunResult.nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

export const SnapshotView = z.strictObject({
  id: SnapshotId,
  time: z.iso.datetime(),
  /** What was backed up (a folder, or the app's stores). */
  paths: z.array(z.string().max(4096)).max(64),
  hostname: z.string().max(255),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** The highest level it may hold (the zone's ceiling when made); restored only where that level is allowed. */
  level: Classification,
  /** Whether the live zone may restore it. */
  restorable: z.boolean(),
});
export type SnapshotView = z.infer<typeof SnapshotView>;

/** One entry of a folder inside a snapshot, for the restore wizard's file choice. */
export const SnapshotEntry = z.strictObject({
  name: z.string().max(1024),
  type: z.enum(['file', 'dir', 'symlink']),
  size: z.number().int().nonnegative(),
});
export type SnapshotEntry = z.infer<typeof SnapshotEntry>;

/** A path inside a snapshot: names joined by '/', no '.', '..' or empty segment. */
export const SnapshotPath = z
  .string()
  .max(4096)
  .refine((value) => value === '' || value.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), 'relative path inside the backup');

/**
 * The phase of a backup operation: backup and restore `scanning` (totals still growing), `working`,
 * `finishing`; check `packs`, `snapshots`; forget `read`, `remove`; prune `snapshots`, `repack`,
 * `remove`; the restore drill `compare`.
 */
export const BackupPhase = z.enum(['scanning', 'working', 'finishing', 'packs', 'snapshots', 'read', 'remove', 'repack', 'compare']);
export type BackupPhase = z.infer<typeof BackupPhase>;

/**
 * The one progress of every backup operation (docs/backup-repository.md, "Progress and cancelling"):
 * items (files, packs, snapshots) and bytes done of the pre-scan's totals, and the time left at the
 * rate so far (from bytes when the phase counts them, else items; absent until a second of work).
 */
export const BackupProgress = z.strictObject({
  phase: BackupPhase,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** 0: this phase counts no bytes. */
  totalBytes: z.number().int().nonnegative(),
  elapsedMs: z.number().int().nonnegative(),
  etaMs: z.number().int().nonnegative().optional(),
});
export type BackupProgress = z.infer<typeof BackupProgress>;

/** How much data a check reads: none (structure only), all, or a different tenth each day. */
export const VerifyData = z.enum(['none', 'all', 'rotating']);

export const VerifyFinding = z.strictObject({ object: z.string().max(300), problem: z.string().max(100) });

/** What the restore drill found different between a backup and the live folder (docs/backup-repository.md, "Restore drill"). */
export const DrillDifference = z.strictObject({
  path: z.string().max(4096),
  kind: z.enum(['missing', 'extra', 'type', 'size', 'content', 'mode', 'mtime', 'target']),
  expected: z.string().max(4096).optional(),
  found: z.string().max(4096).optional(),
});
export type DrillDifference = z.infer<typeof DrillDifference>;

export const BackupJobValue = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('run'), result: BackupRunResult }),
  z.strictObject({ kind: z.literal('restore'), folder: LocalPath, files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  z.strictObject({ kind: z.literal('verify'), clean: z.boolean(), snapshots: z.number().int().nonnegative(), problems: z.array(VerifyFinding).max(200), notes: z.number().int().nonnegative(), dataBlobs: z.number().int().nonnegative() }),
  /** The restore drill: every file of `snapshot` opened and compared with `folder` as it is now; `differences` the first 200 of `differenceCount`. */
  z.strictObject({ kind: z.literal('drill'), snapshot: SnapshotId, folder: z.string().max(4096), files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), differences: z.array(DrillDifference).max(200), differenceCount: z.number().int().nonnegative() }),
  z.strictObject({ kind: z.literal('forget'), dryRun: z.boolean(), kept: z.number().int().nonnegative(), removed: z.array(SnapshotId).max(100_000), freedBytes: z.number().int().nonnegative() }),
]);
export type BackupJobValue = z.infer<typeof BackupJobValue>;
