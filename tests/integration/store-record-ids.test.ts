import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
import { softwareRecipient, type SoftwareRecipient } from '../support/software-recipient.js';

// The id a put() outside a transaction takes is kept in memory from the last commit (docs/store.md
// "Record ids"): these check that a failed or rolled-back insert neither skips nor reuses an id,
// that a row the store did not write is never overwritten, and that a reopen starts from the file.
// A software recipient stands in for the token: the subject is the ids on a real SQLite file.
describe('sealed store record ids: kept for an unlock, never skipped or reused', () => {
  let dir: string;
  let user: SoftwareRecipient;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-ids-'));
    user = await softwareRecipient('ec');
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const create = (name: string) => SealedStore.create(path.join(dir, name), [{ certificateDer: user.certificateDer, role: 'user' }]);

  it('a rolled-back insert gives its id to the next one, inside and outside a transaction', () => {
    const store = create('rollback.db');
    try {
      assert.equal(store.put('notes', { n: 1 }), 1);
      assert.throws(() =>
        store.transaction(() => {
          assert.equal(store.put('notes', { n: 'rolled back' }), 2);
          throw new Error('the caller gives up');
        }),
      );
      assert.equal(store.put('notes', { n: 2 }), 2);
      assert.equal(store.transaction(() => store.put('notes', { n: 3 })), 3);
      assert.equal(store.put('notes', { n: 4 }), 4);
      assert.deepEqual(store.list('notes').map((record) => record.value), [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    } finally {
      store.close();
    }
  });

  it('a kept id another writer took (the CLI records audit events in the vault) overwrites nothing: the put takes the next free id, nothing lost', () => {
    const file = 'foreign.db';
    const store = create(file);
    try {
      assert.equal(store.put('notes', { n: 1 }), 1);
      // Another writer of the file, as the `airlock` command is (its audit records) while the app runs.
      const other = new Database(path.join(dir, file));
      other.prepare("INSERT INTO records (id, collection, created_at, size, generation, body) VALUES (2, 'notes', '2026-01-01T00:00:00.000Z', 1, 1, x'00')").run();
      other.close();
      // The kept id (2) is taken: the put asks SQLite again and lands on 3, nothing lost.
      assert.equal(store.put('notes', { n: 'after the foreign row' }), 3);
      assert.equal(store.put('notes', { n: 4 }), 4);
      const raw = new Database(path.join(dir, file), { readonly: true });
      assert.deepEqual((raw.prepare('SELECT body FROM records WHERE id = 2').get() as { body: Buffer }).body, Buffer.from([0]));
      raw.close();
      assert.deepEqual(store.get(3)?.value, { n: 'after the foreign row' });
      assert.deepEqual(store.get(4)?.value, { n: 4 });
      assert.deepEqual(store.verify().unreadable, [2]);
    } finally {
      store.close();
    }
  });

  it('a deleted last row keeps its id taken while unlocked; a reopen starts after the last row on disk', async () => {
    const file = 'reopen.db';
    const store = create(file);
    assert.equal(store.put('notes', { n: 1 }), 1);
    assert.equal(store.put('notes', { n: 2 }), 2);
    assert.equal(store.delete(2), true);
    assert.equal(store.put('notes', { n: 3 }), 3);
    store.close();
    const reopened = SealedStore.open(path.join(dir, file));
    try {
      await reopened.unlock(user.certificateDer, user.operations);
      assert.equal(reopened.put('notes', { n: 4 }), 4);
      reopened.lock();
      await reopened.unlock(user.certificateDer, user.operations);
      assert.equal(reopened.put('notes', { n: 5 }), 5);
      assert.deepEqual(reopened.list('notes').map((record) => [record.id, record.value]), [[1, { n: 1 }], [3, { n: 3 }], [4, { n: 4 }], [5, { n: 5 }]]);
    } finally {
      reopened.close();
    }
  });
});
