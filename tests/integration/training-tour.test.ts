import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../electron/core/core.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import type { TourStepId } from '../../shared/domain/tour.js';
import { TRUSTED } from '../support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { startedTokenCore, until } from '../support/token-core.js';
import { trainingProfileFor } from '../support/training-profile.js';

// The guided tour on the real core: a real SoftHSM token, the real sealed audit log. Steps are done
// by what the core records, never by what the renderer says; progress outlives locks.

describe('guided tour: the core judges each step from its audit log, checks and session (SoftHSM token)', () => {
  let token: SoftHsmToken;
  let dir: string;
  let core: Core;
  let api: AirlockApi;
  const changes: EventPayload<'training.tourChanged'>[] = [];

  after(async () => {
    core?.stop();
    await token?.cleanup();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  before(async () => {
    token = await createSoftHsmToken({ label: 'Tap huan Nguyen Van An' });
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-tour-'));
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data'), { training: trainingProfileFor(token, dir) }));
    api.events.on('training.tourChanged', (event) => changes.push(event));
  });

  const progress = async () => {
    const reply = await api.training.tourProgress({});
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.ok(reply.value.active);
    return reply.value;
  };
  const doneSteps = async (): Promise<TourStepId[]> => (await progress()).steps.filter((step) => step.done).map((step) => step.id);
  const unlock = async () => assert.ok((await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: token.userPin })).ok);
  /** What a capability records, written straight to the real trail: the subject here is the tour's reading of the log. */
  const record = (...args: Parameters<Core['services']['audit']['record']>): void => core.services.audit.record(...args);

  it('starts on the lock screen with nothing done; the renderer cannot mark a step done', async () => {
    assert.deepEqual(await api.training.tourProgress({}), { ok: true, value: { active: false } });
    const started = await api.training.tourStart({});
    assert.ok(started.ok && started.value.active, JSON.stringify(started));
    assert.deepEqual(await doneSteps(), []);
    // No channel takes a step's state: the one that reads progress refuses anything in its request.
    const claim = await core.dispatcher.dispatch('training.tourProgress', { steps: [{ id: 'unlock', done: true }] }, TRUSTED);
    assert.equal((claim as { ok: boolean; error?: { code: string } }).error?.code, 'ipc.invalidRequest');
    const wrongPin = await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: '000000' });
    assert.equal(!wrongPin.ok && wrongPin.error.code, 'token.pinIncorrect');
    assert.deepEqual(await doneSteps(), [], 'a wrong PIN is no unlock');
  });

  it('the unlock with the token and PIN is seen and pushed as an event', async () => {
    await unlock();
    await until(() => changes.some((change) => change.active && change.steps.some((step) => step.id === 'unlock' && step.done)), 'the tour to see the unlock');
    assert.deepEqual(await doneSteps(), ['unlock']);
  });

  it('an unrelated audit entry completes nothing; the right one completes its step only', async () => {
    record('document.exported', 'ok', { file: 'a.alc' });
    record('document.opened', 'refused', { file: 'hong.alc', code: 'document.chunkTampered' });
    record('zone.switched', 'ok', { target: 'co-yeu', from: 'internet' });
    record('audit.exported', 'ok', { entries: 3 });
    assert.deepEqual(await doneSteps(), ['unlock']);
    record('document.opened', 'ok', { file: 'lich.alc', level: 'unclassified' });
    assert.deepEqual(await doneSteps(), ['unlock', 'openDocument']);
  });

  it('encrypting for oneself does not complete the step; for a colleague it does (the audit entry says how many colleagues)', async () => {
    const source = path.join(dir, 'Giấy mời.txt');
    await writeFile(source, 'Kính mời đồng chí dự họp.\n');
    const finished: EventPayload<'documents.finished'>[] = [];
    api.events.on('documents.finished', (event) => finished.push(event));
    const encrypt = async (pem: string, output: string) => {
      const imported = await api.directory.import({ certificate: Buffer.from(pem).toString('base64') });
      assert.ok(imported.ok && imported.value.status !== 'rejected', JSON.stringify(imported));
      const started = await api.documents.encrypt({ source, output: path.join(dir, output), recipients: [imported.value.entry.fingerprint], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
      assert.ok(started.ok, JSON.stringify(started));
      await until(() => finished.some((event) => event.job === started.value.job), 'the encryption to end');
      const entries = await api.audit.query({ kind: 'document.encrypted', limit: 1 });
      assert.ok(entries.ok);
      return entries.value[0]?.details['colleagues'];
    };
    // The token holds the trainee's own certificates; the sender signs with the first of them.
    assert.equal(await encrypt(token.pki.rsaLeafPem, 'tu-minh.alc'), 0, 'to the sender’s own certificate: no colleague');
    assert.deepEqual(await doneSteps(), ['unlock', 'openDocument']);
    assert.equal(await encrypt(token.pki.ecLeafPem, 'dong-nghiep.alc'), 1, 'to another person');
    assert.deepEqual(await doneSteps(), ['unlock', 'openDocument', 'encryptForColleague']);
  });

  it('progress outlives a lock and is shown while locked; the way to the office LAN and back is read from entries recorded while locked', async () => {
    assert.ok((await api.session.lock({})).ok);
    assert.deepEqual(await doneSteps(), ['unlock', 'openDocument', 'encryptForColleague'], 'kept while locked');
    // A switch locks the workstation: its entries wait in the sealed inbox until the next unlock.
    record('zone.switched', 'ok', { target: 'van-phong', from: 'internet' });
    record('zone.switched', 'ok', { target: 'internet', from: 'van-phong' });
    assert.deepEqual(await doneSteps(), ['unlock', 'openDocument', 'encryptForColleague'], 'the log is locked: nothing judged yet');
    await unlock();
    assert.deepEqual(await doneSteps(), ['unlock', 'openDocument', 'encryptForColleague', 'switchZone']);
  });

  it('verifying the log completes the last step; starting again forgets everything, and what happened before the start does not count', async () => {
    const verdict = await api.audit.verify({});
    assert.ok(verdict.ok && verdict.value.ok, JSON.stringify(verdict));
    assert.deepEqual(await doneSteps(), ['unlock', 'openDocument', 'encryptForColleague', 'switchZone', 'verifyAudit']);
    const again = await api.training.tourStart({});
    assert.ok(again.ok && again.value.active);
    // Unlocked when the tour began: the first step is behind the trainee; nothing else is.
    assert.deepEqual(await doneSteps(), ['unlock']);
    assert.deepEqual((await api.training.tourEnd({})).ok && (await api.training.tourProgress({})), { ok: true, value: { active: false } });
  });
});

describe('guided tour on a real workstation: there is none', () => {
  it('every tour channel answers training.notActive', async () => {
    const token = await createSoftHsmToken();
    const dir = await mkdtemp(path.join(tmpdir(), 'airlock-tour-real-'));
    const { core, api } = await startedTokenCore(token, path.join(dir, 'data')).catch(async (error: unknown) => {
      await Promise.all([token.cleanup(), rm(dir, { recursive: true, force: true })]);
      throw error;
    });
    try {
      for (const reply of [await api.training.tourStart({}), await api.training.tourProgress({}), await api.training.tourEnd({})]) assert.equal(!reply.ok && reply.error.code, 'training.notActive');
    } finally {
      core.stop();
      await Promise.all([token.cleanup(), rm(dir, { recursive: true, force: true })]);
    }
  });
});
