import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { defineChannel } from '../../shared/ipc/channel.js';
import { createDispatcher } from '../../electron/core/ipc/dispatcher.js';
import { DomainError } from '../../electron/core/domain-error.js';
import { recordingLog, testCore, TEST_ORIGIN, TRUSTED } from '../support/core.js';

describe('IPC dispatcher on the real core', () => {
  it('answers a valid request with the handler result', async () => {
    const reply = await testCore().dispatcher.dispatch('settings.setLanguage', { language: 'en' }, TRUSTED);
    assert.deepEqual(reply, { ok: true, value: { language: 'en' } });
  });

  it('refuses unknown channels, including prototype names and non-strings, with a typed error', async () => {
    const { dispatcher } = testCore();
    for (const channel of ['nope.nothing', '__proto__', 'constructor', 'toString', 'app', 'app.info.extra', 42, null, undefined, { toString: () => 'app.info' }]) {
      const reply = await dispatcher.dispatch(channel, {}, TRUSTED);
      assert.deepEqual(reply, { ok: false, error: { code: 'ipc.unknownChannel', messageKey: 'error.ipc.unknownChannel' } }, String(channel));
    }
  });

  it('refuses malformed payloads, naming fields but never echoing values', async () => {
    const { dispatcher } = testCore();
    const secret = 'PIN-123456';
    const cases: unknown[] = [{ language: 'fr' }, { language: 'en', pin: secret }, null, 'en', [], { language: ['en'] }, secret];
    for (const payload of cases) {
      const reply = await dispatcher.dispatch('settings.setLanguage', payload, TRUSTED);
      assert.equal(reply.ok, false, JSON.stringify(payload));
      if (reply.ok) continue;
      assert.equal(reply.error.code, 'ipc.invalidRequest');
      assert.equal(reply.error.messageKey, 'error.ipc.invalidRequest');
      assert.ok(!JSON.stringify(reply).includes(secret), 'reply must not echo request values');
    }
    const extra = await dispatcher.dispatch('app.info', { smuggled: true }, TRUSTED);
    assert.deepEqual(extra, { ok: false, error: { code: 'ipc.invalidRequest', messageKey: 'error.ipc.invalidRequest', details: { fields: ['(root)'] } } });
  });

  it('refuses senders that are not the app main frame on the app origin', async () => {
    const log = recordingLog();
    const { dispatcher, services } = testCore({ log });
    const senders = [
      { frameUrl: `${TEST_ORIGIN}/index.html`, isMainFrame: false },
      { frameUrl: 'https://evil.example/index.html', isMainFrame: true },
      { frameUrl: 'https://airlock.invalid.evil.example/', isMainFrame: true },
      { frameUrl: 'http://airlock.invalid/', isMainFrame: true },
      { frameUrl: 'https://user:pw@airlock.invalid/', isMainFrame: true },
      { frameUrl: 'file:///etc/passwd', isMainFrame: true },
      { frameUrl: 'data:text/html,hi', isMainFrame: true },
      { frameUrl: 'about:blank', isMainFrame: true },
      { frameUrl: '', isMainFrame: true },
    ];
    for (const sender of senders) {
      const reply = await dispatcher.dispatch('session.lock', {}, sender);
      assert.deepEqual(reply, { ok: false, error: { code: 'ipc.forbiddenSender', messageKey: 'error.ipc.forbiddenSender' } }, sender.frameUrl);
    }
    assert.equal(services.session.state().locked, false, 'no refused call may reach a service');
    assert.equal(log.refusals.length, senders.length);
  });

  it('accepts the Electron custom-scheme origin only for its exact host', async () => {
    const log = recordingLog();
    const dispatcher = createDispatcher({
      contract: { app: { ping: defineChannel(z.strictObject({}), z.literal('pong')) } },
      handlers: { app: { ping: () => 'pong' as const } },
      appOrigin: 'app://airlock',
      log,
    });
    assert.deepEqual(await dispatcher.dispatch('app.ping', {}, { frameUrl: 'app://airlock/index.html', isMainFrame: true }), { ok: true, value: 'pong' });
    assert.equal((await dispatcher.dispatch('app.ping', {}, { frameUrl: 'app://airlock.evil/index.html', isMainFrame: true })).ok, false);
    assert.equal((await dispatcher.dispatch('app.ping', {}, { frameUrl: 'app://other/index.html', isMainFrame: true })).ok, false);
  });

  it('turns a handler bug into ipc.internal without leaking the message or stack', async () => {
    const log = recordingLog();
    const contract = {
      demo: {
        crash: defineChannel(z.strictObject({}), z.string()),
        leak: defineChannel(z.strictObject({}), z.strictObject({ name: z.string() })),
        refuse: defineChannel(z.strictObject({}), z.string()),
      },
    };
    const dispatcher = createDispatcher({
      contract,
      handlers: {
        demo: {
          crash: () => {
            throw new Error('secret path /home/official/key.pem');
          },
          // A handler returning more than the contract names must not pass it to the renderer.
          leak: () => ({ name: 'x', privateKey: 'KEY' }) as unknown as { name: string },
          refuse: () => {
            throw new DomainError('session.unlockUnavailable');
          },
        },
      },
      appOrigin: TEST_ORIGIN,
      log,
    });
    const crash = await dispatcher.dispatch('demo.crash', {}, TRUSTED);
    assert.deepEqual(crash, { ok: false, error: { code: 'ipc.internal', messageKey: 'error.ipc.internal' } });
    assert.match(String(log.internal[0]?.error), /secret path/);
    assert.deepEqual(await dispatcher.dispatch('demo.leak', {}, TRUSTED), { ok: false, error: { code: 'ipc.internal', messageKey: 'error.ipc.internal' } });
    assert.deepEqual(await dispatcher.dispatch('demo.refuse', {}, TRUSTED), {
      ok: false,
      error: { code: 'session.unlockUnavailable', messageKey: 'error.session.unlockUnavailable' },
    });
  });

  it('refuses to start when a contract channel has no handler', () => {
    assert.throws(
      () =>
        createDispatcher({
          contract: { demo: { orphan: defineChannel(z.strictObject({}), z.string()) } },
          handlers: { demo: {} } as never,
          appOrigin: TEST_ORIGIN,
          log: recordingLog(),
        }),
      /No handler for channel demo.orphan/,
    );
  });
});
