// The guided tour's signDocument step on the real core: the kit's practice PDF signed on a SoftHSM
// token through the signing channels and checked; the step is the core's judgement of its audit log.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../electron/core/core.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { PRACTICE_PDF_NAME } from '../../shared/domain/tour.js';
import { writePracticePdf } from '../../tools/training-kit/documents/practice-signing.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { startedTokenCore, until } from '../support/token-core.js';
import { trainingProfileFor } from '../support/training-profile.js';

describe('guided tour: signing the practice PDF and checking it completes signDocument (SoftHSM token)', () => {
  let token: SoftHsmToken;
  let dir: string;
  let core: Core;
  let api: AirlockApi;
  const finished: EventPayload<'documents.finished'>[] = [];

  before(async () => {
    token = await createSoftHsmToken({ label: 'Tap huan Nguyen Van An' });
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-tour-sign-'));
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data'), { training: trainingProfileFor(token, dir) }));
    api.events.on('documents.finished', (event) => finished.push(event));
    assert.ok((await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: token.userPin })).ok);
    assert.ok((await api.training.tourStart({})).ok);
  });
  after(async () => {
    core?.stop();
    await token?.cleanup();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const signDone = async (): Promise<boolean> => {
    const reply = await api.training.tourProgress({});
    assert.ok(reply.ok && reply.value.active);
    return reply.value.steps.find((step) => step.id === 'signDocument')?.done === true;
  };
  const sign = async (source: string): Promise<string> => {
    const started = await api.signing.sign({ source });
    assert.ok(started.ok, JSON.stringify(started));
    await until(() => finished.some((event) => event.job === started.value.job), 'the signing', 60_000);
    const end = finished.find((event) => event.job === started.value.job);
    assert.ok(end?.ok === true, JSON.stringify(end));
    return end.output;
  };

  it('the kit writes an unsigned practice PDF under the name the step names', async () => {
    const practice = await writePracticePdf(path.join(dir, 'van-ban-can-ky'));
    assert.equal(path.basename(practice), PRACTICE_PDF_NAME);
    const unsigned = await api.signing.verify({ path: practice });
    assert.ok(!unsigned.ok && unsigned.error.code === 'signature.noSignature');
    assert.equal(await signDone(), false);
  });

  it('a .p7s of another file, checked, does not complete it; the practice PDF signed and checked does', async () => {
    const csv = path.join(dir, 'bảng.csv');
    await writeFile(csv, 'a;b\n');
    const p7s = await sign(csv);
    assert.ok((await api.signing.verify({ path: p7s })).ok);
    assert.equal(await signDone(), false, 'not a PDF');
    const output = await sign(path.join(dir, 'van-ban-can-ky', PRACTICE_PDF_NAME));
    assert.equal(await signDone(), false, 'signed, not yet checked');
    const report = await api.signing.verify({ path: output });
    assert.ok(report.ok && report.value.verdict === 'valid');
    assert.equal(await signDone(), true);
  });
});
