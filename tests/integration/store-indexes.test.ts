import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
import { STORE_MIGRATIONS } from '../../electron/core/store/store-schema.js';
import { rotateDataKey } from '../../electron/core/store/data-key-rotation.js';
import { softwareRecipient, type SoftwareRecipient } from '../support/software-recipient.js';

// Every secondary index on `records` is one more B-tree page rewritten (and fsynced through the WAL)
// by every insert (docs/store.md "Speed"): the store keeps one, and it must still serve every query.
const indexesOf = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map(({ name }) => {
    const columns = (db.prepare(`PRAGMA index_info(${name})`).all() as { name: string }[]).map((column) => column.name);
    return `${name}(${columns.join(', ')})`;
  });
const planOf = (db: Database.Database, sql: string, ...parameters: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail).join(' | ');

describe('sealed store indexes (real SQLite files)', () => {
  let dir: string;
  let user: SoftwareRecipient;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-store-indexes-'));
    user = await softwareRecipient('ec', 'Index Test');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps one index on records, (collection, lookup, generation), used by lookups, lists and the rotation count', () => {
    const store = SealedStore.create(path.join(dir, 'new.db'), [{ certificateDer: user.certificateDer, role: 'user' }]);
    try {
      const db = store.database;
      assert.deepEqual(indexesOf(db), ['records_lookup(collection, lookup, generation)']);
      assert.match(planOf(db, 'SELECT id, collection, created_at, generation, body FROM records WHERE collection = ? AND lookup = ? AND generation = ? ORDER BY id', 'c', Buffer.alloc(16), 1), /USING INDEX records_lookup \(collection=\? AND lookup=\? AND generation=\?\)/);
      assert.match(planOf(db, 'SELECT id, collection, created_at, generation, body FROM records WHERE collection = ? ORDER BY id', 'c'), /USING (COVERING )?INDEX records_lookup \(collection=\?\)/);
      // The rotation counts what is left after every batch: a scan of the index, not of every sealed value.
      assert.match(planOf(db, 'SELECT count(*) AS n FROM records WHERE generation != ?', 1), /SCAN records USING COVERING INDEX records_lookup/);
    } finally {
      store.close();
    }
  });

  it('upgrades a version-1 file: its two indexes become the one, records and lookups intact, rotation still finds them', async () => {
    const store = SealedStore.create(path.join(dir, 'v1-made.db'), [{ certificateDer: user.certificateDer, role: 'user' }]);
    store.close();
    // A store file taken back to exactly version 1's indexes and user_version, then opened by this version.
    const downgraded = new Database(path.join(dir, 'v1-made.db'));
    downgraded.exec('DROP INDEX records_lookup; CREATE INDEX records_lookup ON records (collection, lookup); CREATE INDEX records_generation ON records (generation); PRAGMA user_version = 1');
    downgraded.close();
    const reopened = SealedStore.open(path.join(dir, 'v1-made.db'));
    try {
      assert.deepEqual(indexesOf(reopened.database), ['records_lookup(collection, lookup, generation)']);
      assert.equal(reopened.database.pragma('user_version', { simple: true }), STORE_MIGRATIONS.at(-1)?.version);
      await reopened.unlock(user.certificateDer, user.operations);
      const id = reopened.put('settings', { language: 'vi' }, 'user-1');
      await rotateDataKey(reopened, [{ certificateDer: user.certificateDer, role: 'user' }], { lookups: { settings: () => 'user-1' } });
      assert.deepEqual(reopened.find('settings', 'user-1').map((record) => [record.id, record.value]), [[id, { language: 'vi' }]]);
    } finally {
      reopened.close();
    }
  });
});
