import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../electron/core/domain-error.js';
import { openDatabase, type Migration } from '../../electron/core/store/database.js';

const v1: Migration = { version: 1, name: 'notes', up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)') };
const v2: Migration = { version: 2, name: 'notes.level', up: (db) => db.exec("ALTER TABLE notes ADD COLUMN level TEXT NOT NULL DEFAULT 'unclassified'") };
const broken: Migration = {
  version: 3,
  name: 'half-done',
  up: (db) => {
    db.exec('CREATE TABLE half (id INTEGER)');
    throw new Error('migration bug');
  },
};

describe('versioned, transactional migrations (real SQLite files)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-migrate-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('upgrades a file from an older schema, keeping its rows', () => {
    const file = path.join(dir, 'old.db');
    const old = openDatabase(file, [v1]);
    old.prepare('INSERT INTO notes (text) VALUES (?)').run('giữ nguyên');
    old.close();
    const upgraded = openDatabase(file, [v1, v2]);
    assert.equal(upgraded.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(upgraded.prepare('SELECT text, level FROM notes').all(), [{ text: 'giữ nguyên', level: 'unclassified' }]);
    upgraded.close();
  });

  it('rolls a failing migration back completely and leaves the file at its last good version', () => {
    const file = path.join(dir, 'broken.db');
    openDatabase(file, [v1, v2]).close();
    assert.throws(() => openDatabase(file, [v1, v2, broken]), /migration bug/);
    const db = openDatabase(file, [v1, v2]);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get(), { n: 0 });
    db.close();
  });

  it('refuses a file written by a newer version instead of misreading it', () => {
    const file = path.join(dir, 'newer.db');
    openDatabase(file, [v1, v2]).close();
    assert.throws(() => openDatabase(file, [v1]), (error: unknown) => error instanceof DomainError && error.code === 'store.newerVersion');
  });

  it('opens in WAL mode with secure_delete and full synchronous writes', () => {
    const db = openDatabase(path.join(dir, 'pragmas.db'), [v1]);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('secure_delete', { simple: true }), 1);
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    db.close();
  });
});
