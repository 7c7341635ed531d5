import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../electron/core/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { TRUSTED } from '../support/core.js';
import { realTokenLauncher, tokenCore } from '../support/token-core.js';

describe('unlock opens the encrypted settings store with the token; lock wipes its keys', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-vault-'));
    hsm = await createSoftHsmToken({ extraTokens: ['Other Official'] });
    ({ core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { dataDir }));
    await core.start();
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  const unlock = (label: string, serial: string) => core.dispatcher.dispatch('session.unlock', { token: { serial, label }, pin: hsm.userPin }, TRUSTED);

  it('creates settings.db at the first unlock and keeps the language in it, sealed', async () => {
    assert.deepEqual(await unlock(hsm.label, hsm.serial), { ok: true, value: { locked: false } });
    assert.ok(existsSync(path.join(dataDir, 'settings.db')));
    await core.dispatcher.dispatch('settings.setLanguage', { language: 'en' }, TRUSTED);
    const vault = core.services.vault;
    assert.ok(vault);
    assert.deepEqual(vault.settings.list('settings').map((record) => record.value), [{ language: 'en' }]);
  });

  it('lock zeroes the store keys; the saved language comes back at the next unlock', async () => {
    const vault = core.services.vault;
    assert.ok(vault);
    const buffers = vault.settings.keysFor().rawBuffers();
    await core.dispatcher.dispatch('session.lock', {}, TRUSTED);
    assert.ok(buffers.every((buffer) => buffer.every((byte) => byte === 0)), 'keys zeroized on lock');
    assert.throws(() => vault.settings, /store.locked/);
    // Chosen on the lock screen (memory only); the saved choice wins at unlock.
    await core.dispatcher.dispatch('settings.setLanguage', { language: 'vi' }, TRUSTED);
    await unlock(hsm.label, hsm.serial);
    assert.equal(core.services.settings.get().language, 'en');
  });

  it('refuses a token the data is not wrapped to, stays locked and logs that token out', async () => {
    await core.dispatcher.dispatch('session.lock', {}, TRUSTED);
    const other = hsm.extraTokens[0];
    assert.ok(other);
    const reply = await unlock(other.label, other.serial);
    assert.equal(!reply.ok && reply.error.code, 'store.wrongToken');
    assert.equal(core.services.session.state().locked, true);
    const tokens = core.services.tokens;
    assert.ok(tokens);
    await tokens.refresh();
    assert.ok(tokens.list().every((token) => !token.loggedIn));
  });
});

describe('rotating the data key from the app: progress, cancel, resume (real token, real files)', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-rotate-'));
    hsm = await createSoftHsmToken();
    ({ core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { dataDir }));
    await core.start();
    await core.dispatcher.dispatch('session.unlock', { token: { serial: hsm.serial, label: hsm.label }, pin: hsm.userPin }, TRUSTED);
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('re-encrypts every record under a new key, announcing progress; a cancel stops between batches and the next call finishes', async () => {
    const vault = core.services.vault;
    assert.ok(vault);
    const store = vault.settings;
    store.transaction(() => {
      for (let i = 0; i < 1200; i++) store.put('notes', { i });
    });
    const progress: number[] = [];
    const off = core.services.events.subscribe((name, payload) => {
      if (name !== 'store.rotation') return;
      progress.push((payload as { done: number }).done);
      if (progress.length === 1) void core.dispatcher.dispatch('store.cancelRotation', {}, TRUSTED);
    });
    const first = await core.dispatcher.dispatch('store.rotateDataKey', {}, TRUSTED);
    assert.deepEqual(first.ok && (first.value as { finished: boolean }).finished, false);
    off();
    const second = await core.dispatcher.dispatch('store.rotateDataKey', {}, TRUSTED);
    assert.equal(second.ok && (second.value as { finished: boolean }).finished, true);
    assert.equal(store.generation, 2);
    assert.equal(store.list('notes').length, 1200);
    assert.ok(store.verify().ok);
    const rotations = await core.dispatcher.dispatch('audit.query', { kind: 'store.keyRotated' }, TRUSTED);
    assert.deepEqual((rotations.ok ? (rotations.value as { result: string }[]) : []).map((entry) => entry.result), ['ok', 'failed']);
  });

  it('still finds every record by its lookup after the rotation: the saved language comes back at the next unlock', async () => {
    // The blind index is made with the generation's key: a rotation that kept the old one lost the setting.
    await core.dispatcher.dispatch('settings.setLanguage', { language: 'en' }, TRUSTED);
    const rotated = await core.dispatcher.dispatch('store.rotateDataKey', {}, TRUSTED);
    assert.equal(rotated.ok && (rotated.value as { finished: boolean }).finished, true);
    await core.dispatcher.dispatch('session.lock', {}, TRUSTED);
    await core.dispatcher.dispatch('settings.setLanguage', { language: 'vi' }, TRUSTED);
    const token = { serial: hsm.serial, label: hsm.label };
    assert.deepEqual(await core.dispatcher.dispatch('session.unlock', { token, pin: hsm.userPin }, TRUSTED), { ok: true, value: { locked: false } });
    assert.equal(core.services.settings.get().language, 'en', 'the saved language is found again');
  });
});
