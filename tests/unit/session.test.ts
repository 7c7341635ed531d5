import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionState } from '../../shared/domain/session.js';
import { createCore } from '../../electron/core/core.js';
import { recordingLog, testCore, TEST_ORIGIN, TRUSTED } from '../support/core.js';

describe('workstation session', () => {
  it('locks once, tells every lock listener, and emits session.changed', async () => {
    const { services, dispatcher } = testCore();
    const reasons: string[] = [];
    const events: unknown[] = [];
    services.session.onLock((reason) => reasons.push(reason));
    services.events.subscribe((name, payload) => events.push({ name, payload }));

    const reply = await dispatcher.dispatch('session.lock', {}, TRUSTED);
    assert.ok(reply.ok);
    assert.equal((reply.value as SessionState).locked, true);
    services.session.lock('idle');
    assert.deepEqual(reasons, ['manual'], 'a second lock keeps the first reason and wipes nothing twice');
    assert.equal(events.length, 1);
    const state = services.session.state();
    assert.ok(state.locked && state.reason === 'manual');
  });

  it('stays locked when no token service can authenticate the user (fail closed)', async () => {
    const { services, dispatcher } = testCore();
    services.session.lock('manual');
    const reply = await dispatcher.dispatch('session.unlock', { token: { serial: 'S1', label: 'Token' }, pin: '123456' }, TRUSTED);
    assert.deepEqual(reply, { ok: false, error: { code: 'session.unlockUnavailable', messageKey: 'error.session.unlockUnavailable' } });
    assert.equal(services.session.state().locked, true);
  });

  it('unlocks through an injected unlocker and announces it', async () => {
    let asked = 0;
    const { services, dispatcher } = testCore({
      unlocker: {
        unlock: (request) => {
          asked++;
          assert.equal(request.pin, '123456');
          return Promise.resolve();
        },
      },
    });
    services.session.lock('tokenRemoved');
    const reply = await dispatcher.dispatch('session.unlock', { token: { serial: 'S1', label: 'Token' }, pin: '123456' }, TRUSTED);
    assert.deepEqual(reply, { ok: true, value: { locked: false } });
    assert.equal(asked, 1);
  });
  it('does not lose a lock asked for while an unlock runs: the unlock is cancelled, never committed', async () => {
    let proceed: () => void = () => undefined;
    let signal: AbortSignal | undefined;
    const { services, dispatcher } = testCore({
      unlocker: {
        // Ignores its signal on purpose: the session itself must refuse to commit.
        unlock: (_request, cancelled) => {
          signal = cancelled;
          return new Promise<void>((resolve) => (proceed = resolve));
        },
      },
    });
    services.session.lock('manual');
    const wiped: string[] = [];
    services.session.onLock((reason) => wiped.push(reason));
    const pending = dispatcher.dispatch('session.unlock', { token: { serial: 'S1', label: 'Token' }, pin: '123456' }, TRUSTED);
    await new Promise((resolve) => setImmediate(resolve));
    services.session.lock('tokenServiceStopped');
    assert.equal(signal?.aborted, true, 'the unlocker is told at once');
    proceed();
    const reply = await pending;
    assert.equal(!reply.ok && reply.error.code, 'token.serviceStopped');
    assert.equal(services.session.state().locked, true);
    assert.deepEqual(wiped, ['tokenServiceStopped'], 'what the unlocker opened is wiped as by a lock');
  });
});

describe('idle lock', () => {
  it('locks after the idle time without requests, and a request restarts the clock', async () => {
    // Wide margins (hundreds of ms) so a loaded CI machine cannot reorder the steps.
    const core = createCore({ shell: 'chromium', version: 't', platform: 'linux', appOrigin: TEST_ORIGIN, log: recordingLog(), idleLockMs: 600 });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(300);
    await core.dispatcher.dispatch('zones.status', {}, TRUSTED);
    await sleep(400);
    assert.equal(core.services.session.state().locked, false, 'activity restarted the clock');
    await sleep(700);
    const state = core.services.session.state();
    assert.ok(state.locked && state.reason === 'idle');
    core.stop();
  });
});

describe('a locked workstation serves only the lock screen', () => {
  it('refuses every other channel with session.locked before any service runs', async () => {
    const { services, dispatcher } = testCore();
    services.session.lock('manual');
    for (const [channel, payload] of [
      ['audit.query', {}],
      ['audit.export', { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }],
      ['token.certificates', { token: { serial: 'S', label: 'L' } }],
      ['token.changePin', { token: { serial: 'S', label: 'L' }, oldPin: '1234', newPin: '5678' }],
      ['certificates.importCrl', { crl: 'AAAA' }],
      ['certificates.importCrlFiles', { paths: ['/tmp/a.crl'] }],
      ['store.rotateDataKey', {}],
    ] as const) {
      assert.deepEqual(await dispatcher.dispatch(channel, payload, TRUSTED), { ok: false, error: { code: 'session.locked', messageKey: 'error.session.locked' } }, channel);
    }
    for (const channel of ['app.info', 'session.state', 'settings.get', 'zones.status']) {
      assert.equal((await dispatcher.dispatch(channel, {}, TRUSTED)).ok, true, channel);
    }
  });
});
