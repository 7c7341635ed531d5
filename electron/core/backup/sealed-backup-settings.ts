import { z } from 'zod';
import { BackupRetention, BackupRunResult, BackupSchedule } from '../../../shared/domain/backup.js';
import { LocalPath } from '../../../shared/domain/document.js';
import type { LookupDerivations } from '../store/data-key-rotation.js';
import type { SealedStore } from '../store/sealed-store.js';

const COLLECTION = 'backup';
const KEY = 'state';

/** How a data-key rotation re-makes this collection's lookup: one record, one key. */
export const BACKUP_LOOKUPS: LookupDerivations = { [COLLECTION]: () => KEY };

/**
 * What the workstation remembers of a repository it made or opened (docs/backup-repository.md
 * "Config" and "Keys"): its id, and the newest key generation with that generation's key check, so a
 * target whose config was swapped, or whose key files were replaced by a planted newer or an older
 * generation, is refused.
 */
export const KnownRepository = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  keyCheck: z.string().regex(/^[0-9a-f]{64}$/),
  generation: z.number().int().min(1),
  generationCheck: z.string().regex(/^[0-9a-f]{64}$/),
  /** The signed key-state record last accepted (absent: remembered before records, or a repository without them). */
  keyState: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type KnownRepository = z.infer<typeof KnownRepository>;

export const BackupSettings = z.strictObject({
  retention: BackupRetention,
  schedule: BackupSchedule,
  folders: z.array(LocalPath).max(64),
  /** Removable media: the repository folder chosen on the drive, per target id. */
  targetFolders: z.record(z.string(), LocalPath),
  repositories: z.record(z.string(), KnownRepository),
  lastRuns: z.record(z.string(), BackupRunResult),
  lastScheduled: BackupRunResult.nullable(),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = {
  retention: { last: 7, daily: 14, weekly: 8, monthly: 12 },
  schedule: { everyHours: 0, target: null },
  folders: [],
  targetFolders: {},
  repositories: {},
  lastRuns: {},
  lastScheduled: null,
};

/** Where the service keeps its settings: the sealed settings store (the app), or memory (one command line run). */
export interface BackupSettingsPort {
  read(): BackupSettings;
  update(change: (settings: BackupSettings) => BackupSettings): BackupSettings;
}

/** One command line run's settings: what its options say, forgotten at exit (the app's sealed settings are not the CLI's to open). */
export class MemoryBackupSettings implements BackupSettingsPort {
  #settings: BackupSettings;

  constructor(initial: Partial<BackupSettings> = {}) {
    this.#settings = BackupSettings.parse({ ...DEFAULT_BACKUP_SETTINGS, ...initial });
  }

  read(): BackupSettings {
    return this.#settings;
  }

  update(change: (settings: BackupSettings) => BackupSettings): BackupSettings {
    this.#settings = BackupSettings.parse(change(this.#settings));
    return this.#settings;
  }
}

/**
 * The backup service's settings, sealed in the workstation's settings store (zone-independent: a
 * repository is the same wherever it is opened). A record that does not parse is not trusted: the
 * defaults are used and the next change replaces it.
 */
export class SealedBackupSettings implements BackupSettingsPort {
  constructor(private readonly store: () => SealedStore) {}

  read(): BackupSettings {
    const [saved] = this.store().find<unknown>(COLLECTION, KEY);
    const parsed = BackupSettings.safeParse(saved?.value);
    return parsed.success ? parsed.data : DEFAULT_BACKUP_SETTINGS;
  }

  update(change: (settings: BackupSettings) => BackupSettings): BackupSettings {
    const store = this.store();
    return store.transaction(() => {
      const next = BackupSettings.parse(change(this.read()));
      for (const old of store.find(COLLECTION, KEY)) store.delete(old.id);
      store.put(COLLECTION, next, KEY);
      return next;
    });
  }
}
