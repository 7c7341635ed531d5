import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Core } from '../../electron/core/core.js';
import { DomainError } from '../../electron/core/domain-error.js';
import { associatedData } from '../../electron/core/crypto/field-cipher.js';
import { RECORD_COLUMNS, SealedStore, type RecordRow, type RecordTuple } from '../../electron/core/store/sealed-store.js';
import { SCHEMA_VERSION } from '../../electron/core/store/store-schema.js';
import { rotateDataKey } from '../../electron/core/store/data-key-rotation.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { TRUSTED } from '../support/core.js';
import { softwareRecipient } from '../support/software-recipient.js';
import { realTokenLauncher, tokenCore } from '../support/token-core.js';
import { tokenRecipient } from '../support/token-recipient.js';

const isCode = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

describe('sealed store: real SQLite files, data key unwrapped on a real SoftHSM2 token', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  let dir: string;
  let rsa: ReturnType<typeof tokenRecipient>;
  let ec: ReturnType<typeof tokenRecipient>;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-store-'));
    hsm = await createSoftHsmToken();
    ({ core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath]));
    await core.start();
    const ref = { serial: hsm.serial, label: hsm.label };
    await core.dispatcher.dispatch('session.unlock', { token: ref, pin: hsm.userPin }, TRUSTED);
    const tokens = core.services.tokens;
    assert.ok(tokens);
    rsa = tokenRecipient(tokens, ref, hsm.keys.rsa.id, hsm.pki.rsaLeafPem);
    ec = tokenRecipient(tokens, ref, hsm.keys.ec.id, hsm.pki.ecLeafPem);
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips values; a reopened store is locked until the token unwraps the key (RSA-OAEP)', async () => {
    const file = path.join(dir, 'roundtrip.db');
    const store = SealedStore.create(file, [{ certificateDer: rsa.certificateDer, role: 'user' }]);
    const id = store.put('messages', { subject: 'Về việc bảo vệ bí mật nhà nước', level: 'toiMat' }, 'msg-001');
    store.close();

    const reopened = SealedStore.open(file);
    assert.equal(reopened.locked, true);
    assert.throws(() => reopened.get(id), isCode('store.locked'));
    await reopened.unlock(rsa.certificateDer, rsa.operations);
    assert.deepEqual(reopened.get(id)?.value, { subject: 'Về việc bảo vệ bí mật nhà nước', level: 'toiMat' });
    assert.deepEqual(reopened.find('messages', 'msg-001').map((record) => record.id), [id]);
    assert.deepEqual(reopened.find('messages', 'msg-002'), []);
    reopened.close();

    // Nothing readable on disk: neither the text nor the lookup value.
    const raw = new Database(file, { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM records').all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
    raw.close();
    assert.ok(!dump.includes('bảo vệ') && !dump.includes('bao ve') && !dump.includes('msg-001') && !dump.includes('toiMat'));
  });

  it('unlocks with the recovery certificate too (ECDH-ES on the token)', async () => {
    const file = path.join(dir, 'recovery.db');
    const user = await softwareRecipient('rsa', 'Someone Else');
    const store = SealedStore.create(file, [
      { certificateDer: user.certificateDer, role: 'user' },
      { certificateDer: ec.certificateDer, role: 'recovery' },
    ]);
    const id = store.put('settings', { language: 'vi' });
    store.close();
    const reopened = SealedStore.open(file);
    await reopened.unlock(ec.certificateDer, ec.operations);
    assert.deepEqual(reopened.get(id)?.value, { language: 'vi' });
    reopened.close();
  });

  it('refuses a token whose certificate the key was not wrapped to', async () => {
    const file = path.join(dir, 'wrong-token.db');
    const other = await softwareRecipient('rsa', 'Other Official');
    SealedStore.create(file, [{ certificateDer: other.certificateDer, role: 'user' }]).close();
    const store = SealedStore.open(file);
    await assert.rejects(store.unlock(rsa.certificateDer, rsa.operations), isCode('store.wrongToken'));
    assert.equal(store.locked, true);
    store.close();
  });

  it('refuses a sealed value moved to another row, column or collection', async () => {
    const file = path.join(dir, 'moved.db');
    const store = SealedStore.create(file, [{ certificateDer: rsa.certificateDer, role: 'user' }]);
    const a = store.put('messages', { text: 'A' });
    const b = store.put('messages', { text: 'B' });
    const c = store.put('documents', { text: 'C' });
    const raw = new Database(file);
    const body = (id: number) => (raw.prepare('SELECT body FROM records WHERE id = ?').get(id) as { body: Buffer }).body;
    raw.prepare('UPDATE records SET body = ? WHERE id = ?').run(body(a), b);
    raw.prepare("UPDATE records SET collection = 'messages' WHERE id = ?").run(c);
    raw.close();
    assert.deepEqual(store.get(a)?.value, { text: 'A' });
    assert.throws(() => store.get(b), isCode('store.tampered'));
    assert.throws(() => store.get(c), isCode('store.tampered'));
    store.close();
  });

  it('opens a page in one call (list, find, openRows, openRowTuples) as openRow opens each row; a damaged row fails the whole page with store.tampered naming its record, on both cipher paths', async () => {
    for (const nativeOff of [false, true]) {
      if (nativeOff) process.env.AIRLOCK_NATIVE_AEAD = 'off';
      try {
        const file = path.join(dir, `page-${nativeOff ? 'node' : 'native'}.db`);
        const store = SealedStore.create(file, [{ certificateDer: rsa.certificateDer, role: 'user' }]);
        assert.equal(store.keysFor().cipher.implementation, nativeOff ? 'node' : 'native');
        const ids = Array.from({ length: 120 }, (_, n) => store.put(n % 3 === 0 ? 'receipts' : 'messages', { n, text: `thư số ${n}` }, n % 2 === 0 ? 'chẵn' : 'lẻ'));
        const select = (sql: string) => store.database.prepare(`SELECT ${RECORD_COLUMNS} FROM records ${sql}`);
        const oneByOne = (select('ORDER BY id').all() as RecordRow[]).map((row) => store.openRow(row));
        assert.equal(oneByOne.length, 120);
        // Rows of two collections interleaved: each run of one collection is its own call, the order kept.
        assert.deepEqual(store.openRows(select('ORDER BY id').all() as RecordRow[]), oneByOne);
        assert.deepEqual(store.openRowTuples(select('ORDER BY id').raw().all() as RecordTuple[]), oneByOne);
        assert.deepEqual(store.openRows([]), []);
        assert.deepEqual(store.list('messages'), oneByOne.filter((record) => record.collection === 'messages'));
        assert.deepEqual(store.find('messages', 'chẵn'), oneByOne.filter((record) => record.collection === 'messages' && (record.value as { n: number }).n % 2 === 0));
        // One flipped ciphertext bit in the 37th message: the list, a find and a page holding it all refuse, naming that record.
        const victim = ids[55] ?? 0;
        const raw = new Database(file);
        const body = Buffer.from((raw.prepare('SELECT body FROM records WHERE id = ?').get(victim) as { body: Buffer }).body);
        body[40] = (body[40] ?? 0) ^ 1;
        raw.prepare('UPDATE records SET body = ? WHERE id = ?').run(body, victim);
        raw.close();
        const namesVictim = (error: unknown) => isCode('store.tampered')(error) && (error as Error).cause === `record ${victim} (messages) does not open`;
        assert.throws(() => store.list('messages'), namesVictim);
        assert.throws(() => store.find('messages', 'lẻ'), namesVictim);
        assert.throws(() => store.openRows(select('ORDER BY id').all() as RecordRow[]), namesVictim);
        assert.throws(() => store.openRowTuples(select('ORDER BY id').raw().all() as RecordTuple[]), namesVictim);
        assert.throws(() => store.get(victim), namesVictim);
        // The rows around it still open one by one, and the other collection's list is whole.
        assert.deepEqual(store.get(ids[54] ?? 0), oneByOne[54]);
        assert.equal(store.list('receipts').length, 40);
        assert.deepEqual(store.verify().unreadable, [victim]);
        store.close();
      } finally {
        delete process.env.AIRLOCK_NATIVE_AEAD;
      }
    }
  });

  it('wipes every key byte on lock (the buffers are zero, the native key schedule freed, nothing opened is kept)', async () => {
    const store = SealedStore.create(path.join(dir, 'wipe.db'), [{ certificateDer: rsa.certificateDer, role: 'user' }]);
    const id = store.put('messages', { text: 'Tối mật' });
    assert.deepEqual(store.get(id)?.value, { text: 'Tối mật' });
    const { cipher } = store.keysFor();
    assert.equal(cipher.implementation, 'native', 'the store reads through native/field-aead here');
    const sealedValue = (store.database.prepare('SELECT body FROM records WHERE id = ?').get(id) as { body: Buffer }).body;
    const ad = associatedData(['records', 'body', id, 'messages', SCHEMA_VERSION]);
    assert.deepEqual(JSON.parse(Buffer.from(cipher.open(sealedValue, ad)).toString('utf8')), { text: 'Tối mật' });
    const keys = store.keysFor();
    assert.equal(keys.indexMacImplementation, 'native', 'the blind index is HMACed by native/field-aead here, its key states held in the addon');
    const index = keys.blindIndex('a');
    const page = store.database.prepare(`SELECT ${RECORD_COLUMNS} FROM records`).raw().all() as RecordTuple[];
    assert.deepEqual(store.openRowTuples(page).map((record) => record.value), [{ text: 'Tối mật' }]);
    const buffers = keys.rawBuffers();
    assert.ok(buffers.every((buffer) => buffer.some((byte) => byte !== 0)));
    store.lock();
    assert.ok(buffers.every((buffer) => buffer.every((byte) => byte === 0)), 'keys zeroized');
    // The blind-index HMAC kept from before the lock makes nothing: its OpenSSL context is gone (freed and cleansed).
    assert.throws(() => keys.blindIndex('a'), /destroyed/);
    assert.equal(index.length, 16);
    // The cipher kept from before the lock opens nothing: its EVP context is gone (freed and cleansed by OpenSSL).
    assert.throws(() => cipher.open(sealedValue, ad), /destroyed/);
    assert.throws(() => cipher.read(sealedValue, ad, () => assert.fail('opened after lock')), /destroyed/);
    // No cache of opened values answers a read after the lock.
    assert.throws(() => store.get(id), isCode('store.locked'));
    assert.throws(() => store.list('messages'), isCode('store.locked'));
    assert.throws(() => store.openRowTuples(page), isCode('store.locked'));
    assert.throws(() => store.put('x', 1), isCode('store.locked'));
    store.close();
  });

  it('runs on node:crypto when the native path is off (AIRLOCK_NATIVE_AEAD=off); each reads what the other wrote', async () => {
    const file = path.join(dir, 'fallback.db');
    process.env.AIRLOCK_NATIVE_AEAD = 'off';
    let fallbackId: number;
    try {
      const store = SealedStore.create(file, [{ certificateDer: rsa.certificateDer, role: 'user' }]);
      assert.equal(store.keysFor().cipher.implementation, 'node');
      fallbackId = store.put('messages', { text: 'viết bằng node:crypto' }, 'a');
      assert.deepEqual(store.find('messages', 'a').map((record) => record.value), [{ text: 'viết bằng node:crypto' }]);
      store.close();
    } finally {
      delete process.env.AIRLOCK_NATIVE_AEAD;
    }
    const native = SealedStore.open(file);
    await native.unlock(rsa.certificateDer, rsa.operations);
    assert.equal(native.keysFor().cipher.implementation, 'native');
    assert.equal(native.keysFor().indexMacImplementation, 'native');
    assert.deepEqual(native.get(fallbackId)?.value, { text: 'viết bằng node:crypto' });
    // The blind index node:crypto's HMAC wrote is the one the addon's HMAC finds.
    assert.deepEqual(native.find('messages', 'a').map((record) => record.id), [fallbackId]);
    const nativeId = native.put('messages', { text: 'viết bằng OpenSSL EVP' }, 'Nguyễn');
    native.close();
    process.env.AIRLOCK_NATIVE_AEAD = 'off';
    try {
      const fallback = SealedStore.open(file);
      await fallback.unlock(rsa.certificateDer, rsa.operations);
      assert.equal(fallback.keysFor().cipher.implementation, 'node');
      assert.equal(fallback.keysFor().indexMacImplementation, 'node');
      assert.deepEqual(fallback.find('messages', 'Nguyễn'.normalize('NFD')).map((record) => record.id), [nativeId]);
      assert.deepEqual(fallback.list('messages').map((record) => record.value), [{ text: 'viết bằng node:crypto' }, { text: 'viết bằng OpenSSL EVP' }]);
      assert.equal(fallback.verify().ok, true);
      assert.deepEqual(fallback.get(nativeId)?.value, { text: 'viết bằng OpenSSL EVP' });
      fallback.lock();
      assert.throws(() => fallback.get(nativeId), isCode('store.locked'));
      fallback.close();
    } finally {
      delete process.env.AIRLOCK_NATIVE_AEAD;
    }
  });

  it('re-wraps the data key to a new certificate list; the removed one can no longer unlock', async () => {
    const file = path.join(dir, 'rewrap.db');
    const store = SealedStore.create(file, [{ certificateDer: rsa.certificateDer, role: 'user' }]);
    const id = store.put('notes', { n: 1 });
    store.rewrap([{ certificateDer: ec.certificateDer, role: 'user' }]);
    store.close();
    const reopened = SealedStore.open(file);
    await assert.rejects(reopened.unlock(rsa.certificateDer, rsa.operations), isCode('store.wrongToken'));
    await reopened.unlock(ec.certificateDer, ec.operations);
    assert.deepEqual(reopened.get(id)?.value, { n: 1 });
    reopened.close();
  });

  it('rotates the data key itself, resumably: cancelled half-way, reopened, finished', async () => {
    const file = path.join(dir, 'rotate.db');
    const recipients = [{ certificateDer: rsa.certificateDer, role: 'user' as const }];
    const store = SealedStore.create(file, recipients);
    const ids = Array.from({ length: 250 }, (_, i) => store.put('rows', { i }));
    const controller = new AbortController();
    const first = await rotateDataKey(store, recipients, { batch: 50, onProgress: ({ done }) => done >= 100 && controller.abort(), signal: controller.signal });
    assert.equal(first.finished, false);
    store.close();

    const reopened = SealedStore.open(file);
    await reopened.unlock(rsa.certificateDer, rsa.operations);
    assert.equal(reopened.get(ids[200] ?? 0)?.value !== undefined, true, 'old generation still readable mid-rotation');
    const seen: number[] = [];
    assert.deepEqual(await rotateDataKey(reopened, recipients, { batch: 50, onProgress: ({ done }) => seen.push(done) }), { finished: true });
    assert.equal(reopened.generation, 2);
    assert.deepEqual(ids.map((id) => (reopened.get(id)?.value as { i: number }).i), ids.map((_, i) => i));
    reopened.close();
    const raw = new Database(file, { readonly: true });
    assert.deepEqual(raw.prepare('SELECT DISTINCT generation FROM keyring').all(), [{ generation: 2 }]);
    assert.deepEqual(raw.prepare('SELECT DISTINCT generation FROM records').all(), [{ generation: 2 }]);
    raw.close();
  });
});
