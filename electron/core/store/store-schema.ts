import type { Migration } from './database.js';

/**
 * Bound into every sealed value's associated data: a value from another record format fails. It is
 * the format of a sealed record, not the file's migration number (user_version): migration 2 only
 * changes an index, so no value is re-sealed.
 */
export const SCHEMA_VERSION = 1;

/**
 * What stays plaintext (docs/store.md): row ids, collection names, creation times, sizes, key
 * generations, and the wrapped keys themselves. Everything a user wrote is sealed.
 */
export const STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'keyring, meta, records',
    up: (db) => {
      db.exec(`
        CREATE TABLE keyring (
          id INTEGER PRIMARY KEY,
          generation INTEGER NOT NULL,
          recipient TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('user', 'recovery')),
          scheme TEXT NOT NULL,
          ephemeral BLOB NOT NULL,
          wrapped BLOB NOT NULL,
          certificate BLOB NOT NULL,
          created_at TEXT NOT NULL,
          UNIQUE (generation, recipient)
        );
        CREATE TABLE store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE key_check (generation INTEGER PRIMARY KEY, sealed BLOB NOT NULL);
        CREATE TABLE records (
          id INTEGER PRIMARY KEY,
          collection TEXT NOT NULL,
          lookup BLOB,
          created_at TEXT NOT NULL,
          size INTEGER NOT NULL,
          generation INTEGER NOT NULL,
          body BLOB NOT NULL
        );
        CREATE INDEX records_lookup ON records (collection, lookup);
        CREATE INDEX records_generation ON records (generation);
      `);
    },
  },
  {
    version: 2,
    name: 'one index on records',
    // Each secondary index on records is one more B-tree page every insert rewrites and fsyncs through
    // the WAL (version 1's two indexes wrote 2.5× plain SQLite's bytes per insert, docs/store.md
    // "Speed"). One index serves every query: find() (collection, lookup, generation), list()
    // (collection) and the rotation's count of rows left (a scan of this index, covering generation).
    up: (db) => {
      db.exec(`
        DROP INDEX records_generation;
        DROP INDEX records_lookup;
        CREATE INDEX records_lookup ON records (collection, lookup, generation);
      `);
    },
  },
];
