import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRUSTED } from '../support/core.js';
import { FakeTokenState, fakeTokenLauncher } from '../support/fake-token-process.js';
import { tokenCore, until } from '../support/token-core.js';

const TOKEN = { serial: 'FAKE0001', label: 'Fake Token' };

async function started(state: FakeTokenState) {
  const launcher = fakeTokenLauncher(state);
  const { core, log } = tokenCore(launcher, ['/fake/pkcs11.so']);
  await core.start();
  return { core, log, launcher };
}

describe('app reactions to token states SoftHSM cannot show (FAKE token process)', () => {
  it('walks "few tries left" → "last try" → "locked — contact your cipher officer", never retrying', async () => {
    const state = new FakeTokenState();
    const { core } = await started(state);
    const codes: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const reply = await core.dispatcher.dispatch('session.unlock', { token: TOKEN, pin: '999999' }, TRUSTED);
      assert.equal(reply.ok, false);
      if (!reply.ok) codes.push([reply.error.code, reply.error.details?.pinTries]);
    }
    assert.deepEqual(codes, [
      ['token.pinIncorrect', 'fewLeft'],
      ['token.pinIncorrect', 'lastTry'],
      ['token.pinLocked', 'locked'],
      ['token.pinLocked', 'locked'],
    ]);
    assert.equal(core.services.session.state().locked, true);
    core.stop();
  });

  it('locks the workstation when the token is pulled out, and logs it', async () => {
    const state = new FakeTokenState();
    const { core, log } = await started(state);
    assert.deepEqual(await core.dispatcher.dispatch('session.unlock', { token: TOKEN, pin: state.pin }, TRUSTED), { ok: true, value: { locked: false } });
    state.present = false;
    state.loggedIn = false;
    await until(() => core.services.session.state().locked, 'the lock after removal');
    const session = core.services.session.state();
    assert.ok(session.locked && session.reason === 'tokenRemoved');
    assert.ok(log.events.some((event) => event.name === 'token.lost'));
    core.stop();
  });

  it('treats a hung module as a stopped service: the call fails, the app locks, a new process starts', async () => {
    const state = new FakeTokenState();
    const launcher = fakeTokenLauncher(state);
    // A short deadline for this test; the real one is 2 minutes for PIN entry on a PIN pad.
    const { core } = tokenCore(launcher, ['/fake/pkcs11.so'], { loginTimeoutMs: 200 });
    await core.start();
    await core.dispatcher.dispatch('session.unlock', { token: TOKEN, pin: state.pin }, TRUSTED);
    state.hangOn = 'changePin';
    const reply = await core.dispatcher.dispatch('token.changePin', { token: TOKEN, oldPin: '123456', newPin: '654321' }, TRUSTED);
    assert.equal(!reply.ok && reply.error.code, 'token.serviceStopped');
    assert.ok(core.services.session.state().locked);
    await until(() => launcher.processes.length === 2, 'the restarted process');
    assert.equal(launcher.processes[0]?.killed, true);
    core.stop();
  });
});
