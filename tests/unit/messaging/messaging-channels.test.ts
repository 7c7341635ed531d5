import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AirlockChannel } from '../../../shared/ipc/contract.js';
import type { MessagingStatus } from '../../../shared/domain/message.js';
import { testCore, TRUSTED } from '../../support/core.js';

const JOB = 'ab'.repeat(16);
const FINGERPRINT = 'cd'.repeat(32);

/** One valid request per messages.* channel. */
const VALID: Record<string, unknown> = {
  'messages.status': {},
  'messages.inbox': {},
  'messages.open': { id: 1 },
  'messages.thread': { id: 1 },
  'messages.compose': { recipients: [FINGERPRINT], subject: 'Báo cáo', body: 'Nội dung', classification: 'mat', precedence: 'khan', expiresInDays: 7, requestReceipt: true, attachments: [], job: JOB },
  'messages.cancelCompose': { job: JOB },
  'messages.sent': {},
  'messages.verifyReceipt': { messageId: 'a1@airlock', reader: FINGERPRINT },
  'messages.fetchAttachment': { id: 1, index: 0 },
  'messages.importCredentials': { path: '/home/official/tai-khoan.alc' },
};

function unlockedCore() {
  const core = testCore({ unlocker: { unlock: () => Promise.resolve() } });
  return core;
}

describe('messages.* channels at the dispatcher (registered in the contract, refused while locked, payloads checked)', () => {
  it('refuses every messages.* channel while locked, before any service runs', async () => {
    const core = testCore();
    core.services.session.lock('manual');
    for (const [channel, request] of Object.entries(VALID)) {
      const reply = await core.dispatcher.dispatch(channel as AirlockChannel, request, TRUSTED);
      assert.deepEqual(reply, { ok: false, error: { code: 'session.locked', messageKey: 'error.session.locked' } }, channel);
    }
  });

  it('checks payloads once unlocked: unknown fields, wrong types, a malformed job id are refused naming the field', async () => {
    const core = unlockedCore();
    assert.ok((await core.dispatcher.dispatch('session.unlock', { token: { serial: 'S1', label: 'Token' }, pin: '123456' }, TRUSTED)).ok);
    const bad: [AirlockChannel, unknown, string][] = [
      ['messages.inbox', { cursor: 5 }, 'cursor'],
      ['messages.open', { id: -1 }, 'id'],
      ['messages.open', { id: 1, extra: true }, '(root)'],
      ['messages.compose', { ...(VALID['messages.compose'] as object), classification: 'secret' }, 'classification'],
      ['messages.compose', { ...(VALID['messages.compose'] as object), recipients: [] }, 'recipients'],
      ['messages.cancelCompose', { job: 'not-hex' }, 'job'],
      ['messages.verifyReceipt', { messageId: 'no-at-sign', reader: FINGERPRINT }, 'messageId'],
      ['messages.importCredentials', { path: 'relative/file.alc' }, 'path'],
    ];
    for (const [channel, request, field] of bad) {
      const reply = await core.dispatcher.dispatch(channel, request, TRUSTED);
      assert.equal(!reply.ok && reply.error.code, 'ipc.invalidRequest', `${channel} ${JSON.stringify(request)}`);
      assert.ok(!reply.ok && reply.error.details?.fields?.includes(field), `${channel}: ${JSON.stringify(!reply.ok && reply.error.details)}`);
    }
  });

  it('unlocked with no zone: the status says noZone and reading is refused with zone.noneActive', async () => {
    const core = unlockedCore();
    assert.ok((await core.dispatcher.dispatch('session.unlock', { token: { serial: 'S1', label: 'Token' }, pin: '123456' }, TRUSTED)).ok);
    const status = await core.dispatcher.dispatch('messages.status', {}, TRUSTED);
    assert.ok(status.ok);
    const value = status.value as MessagingStatus;
    assert.equal(value.available, false);
    assert.equal(value.unavailable, 'noZone');
    assert.deepEqual(value.connection, { kind: 'disconnected' });
    const inbox = await core.dispatcher.dispatch('messages.inbox', {}, TRUSTED);
    assert.equal(!inbox.ok && inbox.error.code, 'zone.noneActive');
    const cancel = await core.dispatcher.dispatch('messages.cancelCompose', { job: JOB }, TRUSTED);
    assert.deepEqual(cancel, { ok: true, value: { cancelled: false } });
  });

  it('compose is a job: the reply names the renderer’s job id, messages.finished reports how it ended (here: no zone live)', async () => {
    const core = unlockedCore();
    assert.ok((await core.dispatcher.dispatch('session.unlock', { token: { serial: 'S1', label: 'Token' }, pin: '123456' }, TRUSTED)).ok);
    const finished = new Promise<unknown>((resolve) => core.services.events.subscribe((name, payload) => name === 'messages.finished' && resolve(payload)));
    const reply = await core.dispatcher.dispatch('messages.compose', VALID['messages.compose'], TRUSTED);
    assert.deepEqual(reply, { ok: true, value: { job: JOB } });
    assert.deepEqual(await finished, { job: JOB, ok: false, error: { code: 'zone.noneActive', messageKey: 'error.zone.noneActive' } });
  });
});
