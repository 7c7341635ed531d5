import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import { fill, openTestLog } from './support.js';

/**
 * Each attack is made the way someone with the file but without the key would: a separate
 * better-sqlite3 connection, the triggers dropped first. The verifier must name the first bad
 * entry and the kind of damage.
 */
async function tampered(name: string, attack: (db: Database.Database) => void) {
  const test = await openTestLog(name);
  fill(test.log); // seq 1..10
  const raw = test.raw();
  attack(raw);
  const result = await test.reopen().verify();
  test.close();
  return result;
}

const shiftUp = (db: Database.Database, from: number) => {
  // Two steps, so no intermediate seq collides.
  db.prepare('UPDATE audit_log SET seq = seq + 1000 WHERE seq >= ?').run(from);
  db.prepare('UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000').run();
};

describe('audit verifier: tampering with a separate connection, triggers dropped', () => {
  it('one flipped byte of a sealed entry: modified, at that entry', async () => {
    const result = await tampered('flip', (db) => {
      const { sealed } = db.prepare('SELECT sealed FROM audit_log WHERE seq = 4').get() as { sealed: Buffer };
      sealed[20] = (sealed[20] ?? 0) ^ 0x01;
      db.prepare('UPDATE audit_log SET sealed = ? WHERE seq = 4').run(sealed);
    });
    assert.deepEqual(result, { ok: false, firstBad: 4, problem: 'modified' });
  });

  it('a changed time: modified', async () => {
    const result = await tampered('time', (db) => db.prepare("UPDATE audit_log SET at = '2026-03-01T08:06:00.000Z' WHERE seq = 7").run());
    assert.deepEqual(result, { ok: false, firstBad: 7, problem: 'modified' });
  });

  it('a changed kind index (copied from another entry, to hide an event as another kind): modified', async () => {
    const result = await tampered('kind', (db) => db.prepare('UPDATE audit_log SET kind_index = (SELECT kind_index FROM audit_log WHERE seq = 10) WHERE seq = 2').run());
    assert.deepEqual(result, { ok: false, firstBad: 2, problem: 'modified' });
  });

  it('a middle entry deleted: deleted, naming the missing seq', async () => {
    const result = await tampered('delete', (db) => db.prepare('DELETE FROM audit_log WHERE seq = 5').run());
    assert.deepEqual(result, { ok: false, firstBad: 5, problem: 'deleted' });
  });

  it('the first entry deleted: deleted at 1', async () => {
    const result = await tampered('delete-first', (db) => db.prepare('DELETE FROM audit_log WHERE seq = 1').run());
    assert.deepEqual(result, { ok: false, firstBad: 1, problem: 'deleted' });
  });

  it('a middle entry deleted and the rest renumbered to close the gap: still deleted', async () => {
    const result = await tampered('renumber', (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
      db.prepare('UPDATE audit_log SET seq = seq - 1 WHERE seq > 5').run();
    });
    assert.deepEqual(result, { ok: false, firstBad: 5, problem: 'deleted' });
  });

  it('two entries swapped (every column but seq): reordered, at the earlier one', async () => {
    const result = await tampered('swap', (db) => {
      const columns = ['at', 'kind_index', 'sealed', 'prev_hash', 'entry_hash'];
      const get = (seq: number) => db.prepare(`SELECT ${columns.join(', ')} FROM audit_log WHERE seq = ?`).get(seq) as Record<string, unknown>;
      const put = db.prepare(`UPDATE audit_log SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE seq = @seq`);
      const [three, six] = [get(3), get(6)];
      put.run({ ...six, seq: 3 });
      put.run({ ...three, seq: 6 });
    });
    assert.deepEqual(result, { ok: false, firstBad: 3, problem: 'reordered' });
  });

  it('an earlier entry copied to the end as a new seq: reordered, at the copy', async () => {
    const result = await tampered('replay', (db) => db.prepare('INSERT INTO audit_log SELECT 11, at, kind_index, sealed, prev_hash, entry_hash FROM audit_log WHERE seq = 3').run());
    assert.deepEqual(result, { ok: false, firstBad: 11, problem: 'reordered' });
  });

  it('a forged entry inserted in the middle (later ones pushed along) with a guessed hash: inserted', async () => {
    const result = await tampered('insert', (db) => {
      shiftUp(db, 6);
      const five = db.prepare('SELECT entry_hash, kind_index, sealed FROM audit_log WHERE seq = 5').get() as { entry_hash: Buffer; kind_index: Buffer; sealed: Buffer };
      db.prepare('INSERT INTO audit_log (seq, at, kind_index, sealed, prev_hash, entry_hash) VALUES (6, ?, ?, ?, ?, ?)').run(
        '2026-03-02T08:05:30.000Z',
        five.kind_index,
        five.sealed,
        five.entry_hash, // links correctly to entry 5: the previous hash is in the file for anyone to copy
        randomBytes(32), // but its own hash can only be guessed
      );
    });
    assert.deepEqual(result, { ok: false, firstBad: 6, problem: 'inserted' });
  });

  it('the last entries cut off: deleted, after the last one left (the MAC’d head still names seq 10)', async () => {
    const result = await tampered('truncate', (db) => db.prepare('DELETE FROM audit_log WHERE seq > 7').run());
    assert.deepEqual(result, { ok: false, firstBad: 8, problem: 'deleted' });
  });

  it('the last entries cut off and the head moved back by hand: deleted (the head MAC fails)', async () => {
    const result = await tampered('truncate-head', (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq > 7').run();
      db.prepare('UPDATE audit_head SET seq = 7, entry_hash = (SELECT entry_hash FROM audit_log WHERE seq = 7)').run();
    });
    assert.deepEqual(result, { ok: false, firstBad: 8, problem: 'deleted' });
  });

  it('the last entries cut off and the head deleted too: deleted', async () => {
    const result = await tampered('truncate-no-head', (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq > 7').run();
      db.prepare('DELETE FROM audit_head').run();
    });
    assert.deepEqual(result, { ok: false, firstBad: 8, problem: 'deleted' });
  });

  it('a row forged before the first one (seq 0): inserted, at 0', async () => {
    const result = await tampered('seq-zero', (db) => db.prepare('INSERT INTO audit_log SELECT 0, at, kind_index, sealed, prev_hash, entry_hash FROM audit_log WHERE seq = 1').run());
    assert.deepEqual(result, { ok: false, firstBad: 0, problem: 'inserted' });
  });

  it('a head with a nonsense seq is reported, not a crash of the verifier', async () => {
    const result = await tampered('head-nonsense', (db) => db.prepare("UPDATE audit_head SET seq = -1").run());
    assert.deepEqual(result, { ok: false, firstBad: 11, problem: 'deleted' });
  });

  it('everything deleted, head left: deleted at 1', async () => {
    const result = await tampered('wipe', (db) => db.prepare('DELETE FROM audit_log').run());
    assert.deepEqual(result, { ok: false, firstBad: 1, problem: 'deleted' });
  });
});
