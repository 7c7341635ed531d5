import Database from 'better-sqlite3';
import { DomainError } from '../domain-error.js';

export type Db = Database.Database;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Db) => void;
}

/**
 * Opens a store file the way every Airlock database is opened: WAL (a crash never loses a
 * committed transaction), synchronous FULL (committed means on disk), secure_delete (deleted
 * sealed values are overwritten, not left in free pages), foreign keys on.
 */
export function openDatabase(path: string, migrations: readonly Migration[]): Db {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw storeError(error);
  }
}

/** Each migration runs in its own transaction with its version bump: all of it, or none. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const newest = sorted.at(-1)?.version ?? 0;
  // A file written by a newer Airlock: refuse rather than misread it.
  if (current > newest) throw new DomainError('store.newerVersion');
  for (const migration of sorted) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** SQLite failures the user can act on get their own code; the store stays usable afterwards. */
export function storeError(error: unknown): Error {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return new DomainError('store.diskFull', undefined, { cause: error });
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return new DomainError('store.corrupt', undefined, { cause: error });
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR' || code === 'EACCES' || code === 'EROFS' || code === 'EIO') return new DomainError('store.unavailable', undefined, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
