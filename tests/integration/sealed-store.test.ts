import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Core } from '../../electron/core/core.js';
import { DomainError } from '../../electron/core/domain-error.js';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
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

  it('wipes every key byte on lock (the buffers are zero afterwards)', async () => {
    const store = SealedStore.create(path.join(dir, 'wipe.db'), [{ certificateDer: rsa.certificateDer, role: 'user' }]);
    const buffers = store.keysFor().rawBuffers();
    assert.ok(buffers.every((buffer) => buffer.some((byte) => byte !== 0)));
    store.lock();
    assert.ok(buffers.every((buffer) => buffer.every((byte) => byte === 0)), 'keys zeroized');
    assert.throws(() => store.put('x', 1), isCode('store.locked'));
    store.close();
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
