import type { BackupJobValue, BackupProgress, BackupRetention, BackupSchedule, BackupStatus, SnapshotEntry, SnapshotView } from '../../../../shared/domain/backup.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import { isEventOf, newJobId } from '../../job-id.js';
import type { Slice } from '../slice.js';

// The Backups screen: the places the live zone may back up to, the chosen folders, the backups at
// the chosen place, "Back up now" / check / clean up as jobs with progress and cancel, the restore
// wizard, retention and schedule. Everything goes at a lock (names of folders and files).

export type BackupJobKind = BackupJobValue['kind'];

export interface RunningBackupJob {
  readonly job: string;
  readonly kind: BackupJobKind;
  /** The newest 'backups.progress' (null: none yet): one shape for every kind of job. */
  readonly progress: BackupProgress | null;
  readonly cancelling: boolean;
}

export type WizardStep = 'snapshot' | 'files' | 'destination' | 'confirm';

export interface RestoreWizard {
  readonly step: WizardStep;
  readonly snapshot: SnapshotView | null;
  /** The folder of the backup being shown ('' the top), its entries (null: loading). */
  readonly folder: string;
  readonly entries: readonly SnapshotEntry[] | null;
  /** Chosen paths; empty: everything. */
  readonly chosen: readonly string[];
  readonly destination: string;
}

export interface BackupsSliceState {
  readonly backupStatus: BackupStatus | null;
  readonly backupTarget: string | null;
  /** The backups at the chosen place, newest first (null: not loaded). */
  readonly snapshots: readonly SnapshotView[] | null;
  readonly backupJob: RunningBackupJob | null;
  /** How this window's last job ended. */
  readonly backupOutcome: { readonly ok: true; readonly value: BackupJobValue } | { readonly ok: false; readonly kind: BackupJobKind; readonly error: IpcError } | null;
  readonly restoreWizard: RestoreWizard | null;
}

export interface BackupsActions {
  readonly loadBackups: () => Promise<void>;
  readonly chooseBackupTarget: (target: string) => Promise<void>;
  readonly setBackupTargetFolder: (folder: string) => Promise<void>;
  readonly setBackupFolders: (folders: readonly string[]) => Promise<void>;
  readonly setBackupRetention: (retention: BackupRetention) => Promise<void>;
  readonly setBackupSchedule: (schedule: BackupSchedule) => Promise<void>;
  readonly backUpNow: () => Promise<void>;
  readonly verifyBackups: (withData: boolean) => Promise<void>;
  readonly forgetOldBackups: () => Promise<void>;
  /** The restore drill of one backup: opened and compared with its folder as it is now. */
  readonly drillBackup: (snapshot: string) => Promise<void>;
  readonly cancelBackupJob: () => Promise<void>;
  readonly startRestore: () => void;
  readonly pickRestoreSnapshot: (snapshot: SnapshotView) => Promise<void>;
  readonly openRestoreFolder: (folder: string) => Promise<void>;
  readonly toggleRestorePath: (path: string) => void;
  readonly setRestoreDestination: (destination: string) => void;
  readonly restoreStep: (step: WizardStep) => void;
  readonly confirmRestore: () => Promise<void>;
  readonly closeRestore: () => void;
}

export const backupsSlice: Slice<BackupsSliceState, BackupsActions> = {
  initial: { backupStatus: null, backupTarget: null, snapshots: null, backupJob: null, backupOutcome: null, restoreWizard: null },
  atLock: { backupStatus: 'reset', backupTarget: 'reset', snapshots: 'reset', backupJob: 'reset', backupOutcome: 'reset', restoreWizard: 'reset' },
  busy: [],
  create: ({ api, get, set, run, settle, fail, fresh }) => {
    const target = () => get().backupTarget;
    /** The job panel shows a refused key generation (KeyGenerationRefusal, with its accept). */
    const keyRefusalShown = () => {
      const outcome = get().backupOutcome;
      return outcome !== null && !outcome.ok && outcome.error.code === 'backup.keyGenerationChanged';
    };
    const loadSnapshots = async () => {
      const chosen = target();
      if (chosen === null) return;
      const reply = await settle(() => api.backups.snapshots({ target: chosen }));
      if (reply.ok) return set(target() === chosen ? { snapshots: reply.value } : {});
      // The same refusal the panel already explains is not raised again as an alert: said once, where it can be answered.
      if (reply.error.code === 'backup.keyGenerationChanged' && keyRefusalShown()) return;
      fail(reply.error);
    };
    const applyStatus = (status: BackupStatus) => {
      const current = target();
      const still = status.targets.some((item) => item.id === current);
      return { backupStatus: status, backupTarget: still ? current : (status.targets[0]?.id ?? null) };
    };
    const loadBackups = async () => {
      if (await run(null, () => api.backups.status({}), applyStatus)) await loadSnapshots();
    };
    /** Starts a job under this window's id; its events are taken from the first one on. */
    const start = async (kind: BackupJobKind, call: (job: string) => ReturnType<typeof api.backups.run>) => {
      if (get().backupJob !== null) return;
      const job = newJobId();
      set({ backupJob: { job, kind, progress: null, cancelling: false }, backupOutcome: null, keyGenerationAccepted: null });
      const reply = await settle(() => call(job));
      if (!reply.ok && get().backupJob?.job === job) {
        set({ backupJob: null, backupOutcome: { ok: false, kind, error: reply.error } });
      }
    };
    const settings = (call: () => ReturnType<typeof api.backups.status>) => run(null, call, applyStatus).then(() => undefined);
    return {
      actions: {
        loadBackups,
        chooseBackupTarget: async (chosen) => {
          set({ backupTarget: chosen, snapshots: null });
          await loadSnapshots();
        },
        setBackupTargetFolder: fresh(async (folder: string) => {
          const chosen = target();
          if (chosen === null) return;
          await settings(() => api.backups.setTargetFolder({ target: chosen, folder }));
          await loadSnapshots();
        }),
        setBackupFolders: fresh((folders: readonly string[]) => settings(() => api.backups.setFolders({ folders: [...folders] }))),
        setBackupRetention: fresh((retention: BackupRetention) => settings(() => api.backups.setRetention(retention))),
        setBackupSchedule: fresh((schedule: BackupSchedule) => settings(() => api.backups.setSchedule(schedule))),
        backUpNow: fresh(async () => {
          const chosen = target();
          if (chosen !== null) await start('run', (job) => api.backups.run({ target: chosen, job }));
        }),
        verifyBackups: fresh(async (withData: boolean) => {
          const chosen = target();
          if (chosen !== null) await start('verify', (job) => api.backups.verify({ target: chosen, data: withData ? 'all' : 'none', job }));
        }),
        forgetOldBackups: fresh(async () => {
          const chosen = target();
          if (chosen !== null) await start('forget', (job) => api.backups.forget({ target: chosen, prune: true, dryRun: false, job }));
        }),
        drillBackup: fresh(async (snapshot: string) => {
          const chosen = target();
          if (chosen !== null) await start('drill', (job) => api.backups.drill({ target: chosen, snapshot, job }));
        }),
        cancelBackupJob: async () => {
          const running = get().backupJob;
          if (running === null) return;
          set({ backupJob: { ...running, cancelling: true } });
          const reply = await settle(() => api.backups.cancel({ job: running.job }));
          // Not registered yet (its start still being checked): offer Cancel again.
          if (!reply.ok || !reply.value.cancelled) set((state) => (state.backupJob?.job === running.job ? { backupJob: { ...running, cancelling: false } } : {}));
        },
        startRestore: () => set({ restoreWizard: { step: 'snapshot', snapshot: null, folder: '', entries: null, chosen: [], destination: '' }, backupOutcome: null }),
        pickRestoreSnapshot: async (snapshot) => {
          const chosen = target();
          const wizard = get().restoreWizard;
          if (chosen === null || wizard === null) return;
          set({ restoreWizard: { ...wizard, step: 'files', snapshot, folder: '', entries: null, chosen: [] } });
          const reply = await settle(() => api.backups.files({ target: chosen, snapshot: snapshot.id, folder: '' }));
          if (!reply.ok) return fail(reply.error);
          set((state) => (state.restoreWizard === null ? {} : { restoreWizard: { ...state.restoreWizard, entries: reply.value } }));
        },
        openRestoreFolder: async (folder) => {
          const chosen = target();
          const snapshot = get().restoreWizard?.snapshot;
          if (chosen === null || snapshot === null || snapshot === undefined) return;
          set((state) => (state.restoreWizard === null ? {} : { restoreWizard: { ...state.restoreWizard, folder, entries: null } }));
          const reply = await settle(() => api.backups.files({ target: chosen, snapshot: snapshot.id, folder }));
          if (!reply.ok) return fail(reply.error);
          set((state) => (state.restoreWizard === null ? {} : { restoreWizard: { ...state.restoreWizard, entries: reply.value } }));
        },
        toggleRestorePath: (path) =>
          set((state) => {
            const wizard = state.restoreWizard;
            if (wizard === null) return {};
            const chosen = wizard.chosen.includes(path) ? wizard.chosen.filter((item) => item !== path) : [...wizard.chosen, path];
            return { restoreWizard: { ...wizard, chosen } };
          }),
        setRestoreDestination: (destination) => set((state) => (state.restoreWizard === null ? {} : { restoreWizard: { ...state.restoreWizard, destination } })),
        restoreStep: (step) => set((state) => (state.restoreWizard === null ? {} : { restoreWizard: { ...state.restoreWizard, step } })),
        confirmRestore: fresh(async () => {
          const chosen = target();
          const wizard = get().restoreWizard;
          if (chosen === null || wizard?.snapshot === null || wizard === null) return;
          const snapshot = wizard.snapshot;
          await start('restore', (job) => api.backups.restore({ target: chosen, snapshot: snapshot.id, destination: wizard.destination, ...(wizard.chosen.length === 0 ? {} : { paths: [...wizard.chosen] }), job }));
        }),
        closeRestore: () => set({ restoreWizard: null }),
      },
      events: (on) => [
        on('backups.progress', (event) =>
          set((state) => {
            const running = state.backupJob;
            if (!isEventOf(running, event) || running === null) return {};
            const { job: _job, ...progress } = event;
            return { backupJob: { ...running, progress } };
          }),
        ),
        on('backups.finished', (event) => {
          const running = get().backupJob;
          if (!isEventOf(running, event) || running === null) return;
          set({
            backupJob: null,
            // The event's error as the catalog names it (its messageKey is a plain string on the wire).
            backupOutcome: event.ok ? { ok: true, value: event.value } : { ok: false, kind: running.kind, error: { code: event.error.code, messageKey: `error.${event.error.code}`, ...(event.error.details === undefined ? {} : { details: event.error.details }) } },
            ...(event.ok && event.value.kind === 'restore' ? { restoreWizard: null } : {}),
          });
          // A refused key generation refuses the list too (and would be audited again): the panel says it, nothing is relisted.
          if (event.ok || event.error.code !== 'backup.keyGenerationChanged') void loadSnapshots();
        }),
        on('backups.changed', () => void run(null, () => api.backups.status({}), applyStatus)),
      ],
    };
  },
};
