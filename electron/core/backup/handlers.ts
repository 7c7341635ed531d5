import type { HandlersOf } from '../ipc/handlers-of.js';
import type { BackupJobs } from './backup-jobs.js';
import type { BackupService } from './backup-service.js';
import type { BackupKeyHolders } from './key-holder-service.js';

/** The Backups screen's channels; the locked check and the payload schemas are the dispatcher's. */
export function backupHandlers(backups: BackupService, jobs: BackupJobs, keyHolders: BackupKeyHolders): HandlersOf<'backups'> {
  return {
    status: () => backups.status(),
    setFolders: ({ folders }) => backups.setFolders(folders),
    setTargetFolder: ({ target, folder }) => backups.setTargetFolder(target, folder),
    setRetention: (retention) => backups.setRetention(retention),
    setSchedule: (schedule) => backups.setSchedule(schedule),
    init: ({ target }) => backups.init(target),
    run: ({ target, job }) => jobs.start(job, (control) => backups.run(target, 'manual', control)),
    snapshots: ({ target }) => backups.snapshots(target),
    files: ({ target, snapshot, folder }) => backups.files(target, snapshot, folder),
    restore: ({ target, snapshot, destination, paths, job }) => jobs.start(job, (control) => backups.restore(target, snapshot, destination, paths, control)),
    verify: ({ target, data, job }) => jobs.start(job, (control) => backups.verify(target, data, control)),
    forget: ({ target, prune, dryRun, job }) => jobs.start(job, (control) => backups.forget(target, { prune, dryRun }, control)),
    drill: ({ target, snapshot, job }) => jobs.start(job, (control) => backups.drill(target, snapshot, control)),
    cancel: ({ job }) => ({ cancelled: jobs.cancel(job) }),
    keyHolders: ({ target }) => keyHolders.list(target),
    addKeyHolder: ({ target, certificate }) => keyHolders.add(target, certificate),
    removeKeyHolder: ({ target, fingerprint }) => keyHolders.remove(target, fingerprint),
    rekey: ({ target }) => keyHolders.rekey(target),
    acceptKeyGeneration: ({ target }) => keyHolders.accept(target),
  };
}
