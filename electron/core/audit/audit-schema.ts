import type { Db, Migration } from '../store/database.js';

/**
 * The audit tables. Plaintext on disk: `seq`, `at` (date-range filters and exports need it, and
 * an attacker with the file learns when events happened, not what they were), the blind kind
 * index (equal kinds look equal, see README), hashes and certificate DER (public anyway).
 *
 * The triggers are defence in depth for this connection and anything that keeps them: UPDATE and
 * DELETE abort, and an INSERT must take exactly the next seq (which also stops INSERT OR REPLACE,
 * whose implicit delete fires no trigger). Anyone with the file can drop them; the chain is what
 * catches edits made that way.
 */
export function createAuditSchema(db: Db): void {
  db.exec(`
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      kind_index BLOB NOT NULL,
      sealed BLOB NOT NULL,
      prev_hash BLOB NOT NULL,
      entry_hash BLOB NOT NULL
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_kind ON audit_log (kind_index, seq);
    CREATE TABLE audit_certificates (fingerprint TEXT PRIMARY KEY, der BLOB NOT NULL);
    CREATE TABLE audit_head (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL,
      entry_hash BLOB NOT NULL,
      mac BLOB NOT NULL
    );

    CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_append_in_order BEFORE INSERT ON audit_log
      WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
      BEGIN SELECT RAISE(ABORT, 'audit_log takes the next seq only'); END;
    CREATE TRIGGER audit_certificates_keep_update BEFORE UPDATE ON audit_certificates
      BEGIN SELECT RAISE(ABORT, 'audit_certificates is append-only'); END;
    CREATE TRIGGER audit_certificates_keep_delete BEFORE DELETE ON audit_certificates
      BEGIN SELECT RAISE(ABORT, 'audit_certificates is append-only'); END;
    CREATE TRIGGER audit_head_keep BEFORE DELETE ON audit_head
      BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
  `);
}

/** For an audit log in a file of its own (recommended: restoring a store backup must not rewind the audit log; README). */
export const AUDIT_MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'audit log, certificates, head', up: createAuditSchema }];
