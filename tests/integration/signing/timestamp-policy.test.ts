// The timestamp authority comes from the signed zone policy, per zone (docs/signing.md "In the
// app"): the Sign documents screen offers a trusted time only in a zone whose policy names an
// authority, and a request for one elsewhere is refused with its own code, nothing signed.
// Real SoftHSM token, real signed policy, the loopback `openssl ts` authority; the zone helper is a
// STAND-IN (tests/support/stand-in-zone-helper.ts: no namespaces, the zone switch's steps only).
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';
import { zonePolicy } from '../../../tools/training-kit/zones/zone-policy.js';
import { coreApi } from '../../support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { importTestCrls } from '../../support/softhsm/test-pki.js';
import { STAND_IN_ZONES, standInHelper } from '../../support/stand-in-zone-helper.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { issueTsaCertificate, startTestTsa, type TestTsa } from '../../support/test-tsa.js';
import { textPdf } from '../../support/text-pdf.js';
import { timestampedSigning } from '../../support/signing-job.js';
import { realTokenLauncher, tokenCore } from '../../support/token-core.js';
import { writeSignedPolicy } from '../../support/zone-policy.js';

describe('the timestamp authority from the signed zone policy (SoftHSM token, loopback openssl ts authority, stand-in zone helper)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let tsa: TestTsa;
  const finished: EventPayload<'documents.finished'>[] = [];

  const ref = () => ({ serial: token.serial, label: token.label });
  const unlock = async () => assert.ok((await api.session.unlock({ token: ref(), pin: token.userPin })).ok);
  const switchTo = async (zone: string) => {
    const switched = await api.zones.switch({ zone, reason: 'Ký văn bản', token: ref(), pin: token.userPin });
    assert.ok(switched.ok, JSON.stringify(switched));
    await unlock();
  };
  const signed = timestampedSigning(() => api, finished);

  before(async () => {
    dir = await teardown.tempDir('airlock-signing-tsa-policy-');
    token = await teardown.fixture(createSoftHsmToken());
    const certificate = await issueTsaCertificate(token.pki.paths, path.join(dir, 'tsa'), 'intermediate', 'tsa');
    tsa = await startTestTsa(path.join(dir, 'tsa'), certificate);
    teardown.defer(() => tsa.close());
    const policyPath = path.join(dir, 'policy', 'zones.policy.json');
    // Only the office LAN has an authority; the Internet zone has none.
    await writeSignedPolicy(token, policyPath, zonePolicy(STAND_IN_ZONES, (policy) => {
      const zones = policy['zones'] as Record<string, unknown>[];
      const office = zones.find((zone) => zone['id'] === 'van-phong');
      assert.ok(office !== undefined);
      office['timestampAuthority'] = { url: tsa.url };
    }));
    ({ core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], {
      dataDir: path.join(dir, 'data'),
      anchors: [token.pki.rootPem],
      intermediates: [token.pki.intermediatePem],
      zones: { policyPath, helper: standInHelper() },
    }));
    teardown.defer(() => core.stop());
    await importTestCrls(core.services.crls, token.pki);
    await core.start();
    api = coreApi(core);
    api.events.on('documents.finished', (event) => finished.push(event));
    await unlock();
  });

  it("in the office LAN the screen is offered a trusted time, and a PDF signed with it carries the zone authority's valid timestamp", async () => {
    await switchTo('van-phong');
    assert.deepEqual(await api.signing.options({}), { ok: true, value: { visible: true, timestamp: true, pinPerSignature: false } });
    const source = path.join(dir, 'Quyết định có dấu thời gian.pdf');
    await writeFile(source, textPdf([['Quyet dinh so 21/QD-UBND']]));
    const end = await signed(source);
    assert.ok(end.ok, JSON.stringify(end));
    assert.equal(tsa.answered(), 1);
    const report = await api.signing.verify({ path: end.output });
    assert.ok(report.ok && report.value.verdict === 'valid', JSON.stringify(report));
    const [check] = report.value.signatures;
    assert.deepEqual([check?.timestamp?.valid, check?.timestamp?.authority, check?.certificateCheckedAt?.basis], [true, 'Máy chủ cấp dấu thời gian thử', 'timestamp']);
  });

  it('in the Internet zone (no authority in its policy) no trusted time is offered; asked anyway, it is timestampNotInZone, audited, no file and the authority not asked', async () => {
    await switchTo('internet');
    assert.deepEqual(await api.signing.options({}), { ok: true, value: { visible: true, timestamp: false, pinPerSignature: false } });
    const source = path.join(dir, 'Tờ trình.pdf');
    await writeFile(source, textPdf([['To trinh so 3']]));
    const listing = await readdir(dir);
    const refused = await api.signing.sign({ source, timestamp: true });
    assert.deepEqual(refused, { ok: false, error: { code: 'signature.timestampNotInZone', messageKey: 'error.signature.timestampNotInZone' } });
    assert.deepEqual(await readdir(dir), listing);
    assert.equal(tsa.answered(), 1);
    const audited = await api.audit.query({ kind: 'document.signed' });
    assert.ok(audited.ok);
    assert.deepEqual([audited.value[0]?.result, audited.value[0]?.details['code']], ['refused', 'signature.timestampNotInZone']);
  });
});
