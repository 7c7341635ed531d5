import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { APP_STORES_PATH } from '../../../shared/domain/backup-paths.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { throwIfCancelled } from './backup-progress.js';
import { backupFolder, type BackupHooks, type BackupStats } from './backup-run.js';
import type { Repository } from './repository.js';

/** One of the app's SQLite stores: the file, and the name its copy has in the snapshot. */
export interface AppStore {
  readonly file: string;
  /** A plain file name (`settings.db`, `audit.db`). */
  readonly name: string;
}

export interface AppStoreOptions extends BackupHooks {
  /** Where the private copy folder is made (default the system's temporary folder); the app's data folder keeps it on the stores' own disk. */
  readonly scratch?: string;
}

export { APP_STORES_PATH };
// sqlite3_backup_step(-1)-like: every remaining page in one step, one read transaction.
const ALL_PAGES = 0x7fffffff;

/**
 * Backs up the app's live stores (docs/backup-repository.md, "The app's stores"): each is copied
 * with SQLite's online backup API (better-sqlite3's `backup()`) into a private folder (0700, files
 * 0600), then the folder is backed up and removed, whatever happens. The copy is taken in a single
 * step, inside one read transaction: a consistent state of the store as of one commit, while the
 * app (WAL mode) goes on writing. Nothing new is exposed on disk: the copy holds exactly the bytes
 * of the store file, whose values are sealed one by one (sealed-store.ts), like the original beside it.
 */
export async function backupAppStores(repository: Repository, stores: readonly AppStore[], signer: TokenSigner, options: AppStoreOptions = {}): Promise<{ snapshot: string; stats: BackupStats }> {
  for (const store of stores) if (!/^[^/\0]+$/.test(store.name) || store.name === '.' || store.name === '..') throw new RangeError(`not a store copy name: ${JSON.stringify(store.name)}`);
  const folder = await mkdtemp(path.join(options.scratch ?? tmpdir(), 'airlock-store-copy-'));
  try {
    await chmod(folder, 0o700);
    for (const store of stores) {
      throwIfCancelled(options.signal);
      const copy = path.join(folder, store.name);
      const db = new Database(store.file, { readonly: true, fileMustExist: true });
      try {
        await db.backup(copy, { progress: () => ALL_PAGES });
      } finally {
        db.close();
      }
      await chmod(copy, 0o600);
    }
    return await backupFolder(repository, folder, signer, { ...options, recordedPaths: options.recordedPaths ?? [APP_STORES_PATH] });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
