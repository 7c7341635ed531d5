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
