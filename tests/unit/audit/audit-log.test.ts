import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeFieldCipher } from '../../../electron/core/crypto/field-cipher.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { AuditLog } from '../../../electron/core/audit/audit-log.js';
import { fill, ONE, openTestLog, SAMPLE } from './support.js';

const isCode = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

describe('audit log: append, read, verify (real SQLite file)', () => {
  it('appends in seq order and verifies, also after reopening the file', async () => {
    const test = await openTestLog('append');
    fill(test.log);
    const records = test.log.query();
    assert.deepEqual(
      records.map((record) => record.seq),
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    );
    assert.deepEqual(records.at(-1), { seq: 1, kind: 'token.inserted', result: 'ok', at: '2026-03-02T08:00:00.000Z', details: { serial: 'A1B2C3', label: 'Airlock' } });
    const result = await test.log.verify();
    assert.equal(result.ok, true);
    assert.ok(result.ok);
    assert.equal(result.entries, 10);
    assert.equal(result.sinceCheckpoint, 10);
    assert.deepEqual(await test.reopen().verify(), result);
    test.close();
  });

  it('a log longer than one verifier page (500) verifies, and damage on a later page is found', async () => {
    const test = await openTestLog('pages');
    test.db.transaction(() => {
      for (let index = 0; index < 1100; index++) test.log.append({ kind: 'message.read', result: 'ok', details: { messageId: `msg-${index}` } });
    })();
    const result = await test.log.verify();
    assert.ok(result.ok);
    assert.equal(result.entries, 1100);
    test.raw().prepare('DELETE FROM audit_log WHERE seq = 1042').run();
    assert.deepEqual(await test.log.verify(), { ok: false, firstBad: 1042, problem: 'deleted' });
    test.close();
  });

  it('an empty log verifies', async () => {
    const test = await openTestLog('empty');
    assert.deepEqual(await test.log.verify(), { ok: true, entries: 0, head: { seq: 0, entryHash: '0'.repeat(64) }, sinceCheckpoint: 0 });
    test.close();
  });

  it('keeps nothing readable in the file: details are sealed, the kind is a blind index', async () => {
    const test = await openTestLog('sealed');
    test.log.append({ kind: 'document.opened', result: 'ok', details: { documentId: 'bao-cao-mat-2026' } });
    const row = test.raw().prepare('SELECT * FROM audit_log').get() as Record<string, unknown>;
    const bytes = Buffer.concat(Object.values(row).map((value) => (Buffer.isBuffer(value) ? value : Buffer.from(String(value)))));
    assert.equal(bytes.includes('bao-cao-mat'), false);
    assert.equal(bytes.includes('document'), false);
    assert.equal(row.at, '2026-03-02T08:00:00.000Z', 'the time stays plaintext, by design');
    test.close();
  });

  it('the triggers refuse UPDATE, DELETE, REPLACE and out-of-order INSERT through the normal connection', async () => {
    const test = await openTestLog('triggers');
    fill(test.log);
    const db = test.db;
    assert.throws(() => db.prepare("UPDATE audit_log SET at = '2020-01-01' WHERE seq = 3").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
    assert.throws(() => db.prepare("INSERT OR REPLACE INTO audit_log SELECT seq, '2020', kind_index, sealed, prev_hash, entry_hash FROM audit_log WHERE seq = 3").run(), /next seq/);
    assert.throws(() => db.prepare('INSERT INTO audit_log SELECT 99, at, kind_index, sealed, prev_hash, entry_hash FROM audit_log WHERE seq = 3').run(), /next seq/);
    assert.throws(() => db.prepare('DELETE FROM audit_head').run(), /cannot be deleted/);
    assert.equal((await test.log.verify()).ok, true);
    test.close();
  });

  it('query filters by date (SQL), kind (blind index) and result (after decryption), newest first, with a limit', async () => {
    const test = await openTestLog('query');
    fill(test.log); // one entry a minute from 08:00
    const seqs = (records: { seq: number }[]) => records.map((record) => record.seq);
    assert.deepEqual(seqs(test.log.query({ from: '2026-03-02T08:03:00.000Z', to: new Date('2026-03-02T08:06:00.000Z') })), [6, 5, 4]);
    assert.deepEqual(seqs(test.log.query({ kind: 'session.lock' })), [10]);
    assert.deepEqual(seqs(test.log.query({ result: 'failed' })), [2]);
    assert.deepEqual(seqs(test.log.query({ result: 'ok', limit: 3 })), [10, 9, 8]);
    assert.deepEqual(seqs(test.log.query({ kind: 'policy.refused', result: 'refused', from: '2026-03-02T08:04:00Z' })), [5]);
    assert.deepEqual(test.log.query({ kind: 'backup.restored' }), []);
    test.close();
  });

  it('needsCheckpoint follows the caller policy: N entries or T since the last checkpoint', async () => {
    const test = await openTestLog('policy');
    const policy = { everyEntries: 5, everyMs: 60 * 60_000 };
    assert.equal(test.log.needsCheckpoint(policy), false, 'nothing to attest yet');
    fill(test.log, SAMPLE.slice(0, 3));
    assert.equal(test.log.needsCheckpoint(policy), false);
    assert.equal(test.log.needsCheckpoint({ everyEntries: 3, everyMs: policy.everyMs }), true);
    test.clock.set(new Date('2026-03-02T10:00:00.000Z'));
    assert.equal(test.log.needsCheckpoint(policy), true, 'an hour has passed since the first entry');
    test.close();
  });

  it('after destroy(), or once the store destroyed its cipher, every call is store.locked', async () => {
    const test = await openTestLog('locked');
    fill(test.log, SAMPLE.slice(0, 2));
    const cipher = nodeFieldCipher(test.keys.fieldKey);
    const log = new AuditLog({ db: test.db, cipher, chainKey: test.keys.chainKey, indexKey: test.keys.indexKey });
    cipher.destroy();
    assert.throws(() => log.append(ONE), isCode('store.locked'));
    assert.throws(() => log.query(), isCode('store.locked'));
    await assert.rejects(log.verify(), isCode('store.locked'));
    test.log.destroy();
    assert.throws(() => test.log.append(ONE), isCode('store.locked'));
    await assert.rejects(test.log.verify(), isCode('store.locked'));
    test.close();
  });

  it('a wrong key is never mistaken for a readable log', async () => {
    const test = await openTestLog('wrong-key');
    fill(test.log, SAMPLE.slice(0, 3));
    const other = new AuditLog({ db: test.db, cipher: nodeFieldCipher(Buffer.alloc(32, 7)), chainKey: Buffer.alloc(32, 8), indexKey: Buffer.alloc(32, 9) });
    assert.deepEqual(await other.verify(), { ok: false, firstBad: 1, problem: 'modified' });
    assert.throws(() => other.query(), isCode('store.tampered'));
    test.close();
  });
});
