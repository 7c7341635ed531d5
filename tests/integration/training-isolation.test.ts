import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Core } from '../../electron/core/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { TRUSTED } from '../support/core.js';
import { teardownAfterSuite } from '../support/teardown.js';
import { realTokenLauncher, tokenCore } from '../support/token-core.js';
import { trainingProfileFor } from '../support/training-profile.js';

// A training workstation and a real one never open each other's files (docs/training.md): the same
// token, the same PIN, the same folder, and still refused, at the store, before any key is unwrapped.
describe('a training profile and a real profile never open each other’s store (real SoftHSM token)', () => {
  const teardown = teardownAfterSuite();
  let hsm: SoftHsmToken;
  let dir: string;
  before(async () => {
    [dir, hsm] = await Promise.all([teardown.tempDir('airlock-training-isolation-'), teardown.fixture(createSoftHsmToken())]);
  });

  const startCore = async (kind: 'training' | 'workstation', dataDir: string): Promise<Core> => {
    const training = kind === 'training' ? { training: { ...trainingProfileFor(hsm, dir), dataDir } } : {};
    const { core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { dataDir, ...training });
    teardown.defer(() => core.stop());
    await core.start();
    return core;
  };
  const unlock = (core: Core) => core.dispatcher.dispatch('session.unlock', { token: { serial: hsm.serial, label: hsm.label }, pin: hsm.userPin }, TRUSTED);
  const profileOf = (file: string): string | undefined => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare("SELECT value FROM store_meta WHERE name = 'profile'").get() as { value: string } | undefined)?.value;
    } finally {
      db.close();
    }
  };

  for (const [first, second] of [['workstation', 'training'], ['training', 'workstation']] as const) {
    it(`a ${second} core refuses the ${first} folder with store.profileMismatch and stays locked`, async () => {
      const dataDir = path.join(dir, `made-by-${first}`);
      const maker = await startCore(first, dataDir);
      assert.deepEqual(await unlock(maker), { ok: true, value: { locked: false } });
      maker.stop();
      for (const file of ['settings.db', 'audit.db']) assert.equal(profileOf(path.join(dataDir, file)), first, `${file} records its kind`);

      const intruder = await startCore(second, dataDir);
      const reply = await unlock(intruder);
      assert.equal(!reply.ok && reply.error.code, 'store.profileMismatch');
      assert.equal(intruder.services.session.state().locked, true);
      assert.throws(() => intruder.services.vault?.settings, /store.locked/);
      intruder.stop();

      // The files are untouched: the maker still opens them.
      const again = await startCore(first, dataDir);
      assert.deepEqual(await unlock(again), { ok: true, value: { locked: false } });
      again.stop();
    });
  }
});
