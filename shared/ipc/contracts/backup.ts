import { z } from 'zod';
import { BackupJobValue, BackupProgress, BackupRetention, BackupSchedule, BackupStatus, BackupTargetRef, SnapshotEntry, SnapshotId, SnapshotPath, SnapshotView, VerifyData } from '../../domain/backup.js';
import { LocalPath } from '../../domain/document.js';
import { JobId, JobStart } from '../../domain/job.js';
import { defineChannel } from '../channel.js';
import { IpcError } from '../errors.js';
import { backupKeyHolderChannels } from './backup-key-holders.js';
import { NoParams } from './no-params.js';

const Target = { target: BackupTargetRef };
const Started = z.strictObject({ job: JobId });

/** Backups (issue #16): the places the live zone may back up to, backing up, listing, restoring, verifying, the settings. */
export const backupChannels = {
  backups: {
    /** The live zone's places (from the signed policy), the chosen folders, retention, schedule, last results. */
    status: defineChannel(NoParams, BackupStatus),
    /** The folders to back up beside the app's stores (replaces the list). */
    setFolders: defineChannel(z.strictObject({ folders: z.array(LocalPath).max(64) }), BackupStatus),
    /** Removable media: the folder on the drive that holds (or will hold) the backups. */
    setTargetFolder: defineChannel(z.strictObject({ ...Target, folder: LocalPath }), BackupStatus),
    setRetention: defineChannel(BackupRetention, BackupStatus),
    setSchedule: defineChannel(BackupSchedule, BackupStatus),
    /** Prepares the place for backups (wrapped to the user's certificate and the organisation's recovery certificate); idempotent. */
    init: defineChannel(z.strictObject(Target), z.strictObject({ repository: z.string(), created: z.boolean() })),
    /** "Back up now": a job (backups.progress, backups.finished). */
    run: defineChannel(z.strictObject({ ...Target, ...JobStart }), Started),
    /** The backups at a place, newest first. */
    snapshots: defineChannel(z.strictObject(Target), z.array(SnapshotView).max(10_000)),
    /** What a folder of a backup holds (the restore wizard); refused where that backup may not be restored. */
    files: defineChannel(z.strictObject({ ...Target, snapshot: SnapshotId, folder: SnapshotPath }), z.array(SnapshotEntry).max(100_000)),
    /** Restores all (no `paths`) or the chosen paths into a new folder under `destination`: a job. */
    restore: defineChannel(z.strictObject({ ...Target, snapshot: SnapshotId, destination: LocalPath, paths: z.array(SnapshotPath.refine((value) => value !== '')).min(1).max(1000).optional(), ...JobStart }), Started),
    /** Checks the place's backups (every file read and its structure checked; `data`: the content too, all or the day's tenth): a job. */
    verify: defineChannel(z.strictObject({ ...Target, data: VerifyData.default('none'), ...JobStart }), Started),
    /** Removes the backups the retention settings do not keep (`prune`: and the data only they used): a job. */
    forget: defineChannel(z.strictObject({ ...Target, prune: z.boolean(), dryRun: z.boolean().default(false), ...JobStart }), Started),
    /** The restore drill: the backup opened and compared, in memory, with the folder it was made from as it is now (nothing written): a job. */
    drill: defineChannel(z.strictObject({ ...Target, snapshot: SnapshotId, ...JobStart }), Started),
    cancel: defineChannel(z.strictObject({ job: JobId }), z.strictObject({ cancelled: z.boolean() })),
    ...backupKeyHolderChannels,
  },
} as const;

const BackupFinished = z.discriminatedUnion('ok', [
  z.strictObject({ job: JobId, ok: z.literal(true), value: BackupJobValue }),
  z.strictObject({ job: JobId, ok: z.literal(false), error: IpcError }),
]);

export const backupEvents = {
  /** A backup, restore, check, clean-up or drill under way: its phase, items and bytes done of the totals, the time left. */
  'backups.progress': z.strictObject({ job: JobId, ...BackupProgress.shape }),
  'backups.finished': BackupFinished,
  /** The settings or a run's result changed (the schedule ran): the screen reloads its status. */
  'backups.changed': z.strictObject({}),
} as const;
