import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { StepProgress } from '../../../shared/domain/zone.js';
import { tokenKeyHolders } from '../../../electron/core/token/token-key-holders.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createZoneLab, linkAndRouteState, type ZoneLab } from '../../support/zone-lab.js';
import { labPolicy, writeSignedPolicy, type HelperSetup } from '../../support/zone-policy.js';
import { startLabHelper, startZoneCore } from '../../support/zone-core.js';

describe('zone switch from the app: token + PIN, every step audited, fail closed (SoftHSM token, real namespaces, root)', () => {
  let token: SoftHsmToken;
  let lab: ZoneLab;
  let dir: string;
  let setup: HelperSetup;
  let core: Core;
  let api: AirlockApi;
  const progress: StepProgress[] = [];
  const teardown = teardownAfterSuite();

  before(async () => {
    [token, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-switch-')]);
    const zones = await startLabHelper(teardown, token, lab, dir);
    setup = zones.setup;
    ({ core, api } = await startZoneCore(teardown, token, path.join(dir, 'data'), zones));
    core.services.events.subscribe((name, payload) => {
      if (name === 'zones.progress') progress.push(payload as StepProgress);
    });
  });

  const ref = () => ({ serial: token.serial, label: token.label });
  const unlock = () => api.session.unlock({ token: ref(), pin: token.userPin });
  const switchTo = (zone: string, pin = token.userPin) => api.zones.switch({ zone, reason: 'Soạn công văn mật', token: ref(), pin });

  it('loads the signed policy at start; no zone is live and the ceiling is unclassified', async () => {
    const reply = await api.zones.overview({});
    assert.ok(reply.ok);
    assert.equal(reply.value.policy.state, 'loaded');
    assert.deepEqual(reply.value.zones.map((zone) => zone.id), ['co-yeu', 'van-phong', 'internet']);
    assert.deepEqual(reply.value.status, { active: null, highestClassification: 'unclassified' });
  });

  it('refuses a switch request while locked (no token authorisation possible) and changes nothing', async () => {
    const reply = await switchTo('co-yeu');
    assert.equal(!reply.ok && reply.error.code, 'session.locked');
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, []);
  });

  it('refuses a wrong PIN: the workstation locks, the network stays as it was, the refusal is audited', async () => {
    assert.ok((await unlock()).ok);
    const reply = await switchTo('co-yeu', '000000');
    assert.equal(!reply.ok && reply.error.code, 'token.pinIncorrect');
    assert.equal(core.services.session.state().locked, true);
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, []);
    assert.equal(core.services.zones.status().active, null);
  });

  it('switches with token + PIN: locks, runs every step in order, one zone live, banners follow', async () => {
    assert.ok((await unlock()).ok);
    progress.length = 0;
    const reply = await switchTo('co-yeu');
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.value.active?.id, 'co-yeu');
    assert.equal(reply.value.highestClassification, 'tuyetMat');
    assert.deepEqual(
      progress.filter((item) => item.state === 'done').map((item) => item.step),
      ['authorise', 'leaveZone', 'killSockets', 'firewall', 'linksDown', 'targetUp', 'route', 'dns', 'verify'],
    );
    const state = core.services.session.state();
    assert.equal(state.locked && state.reason, 'zoneSwitch');
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, [lab.zone('co-yeu').interface]);
  });

  it('audited every step before it ran, with the intent signed by the token', async () => {
    assert.ok((await unlock()).ok); // locked-time events move from the inbox into the log
    const steps = await api.audit.query({ kind: 'zone.switchStep', limit: 1000 });
    assert.ok(steps.ok);
    // The query answers newest first.
    const started = [...steps.value].reverse().filter((entry) => entry.details.phase === 'starting' && entry.details.target === 'co-yeu').map((entry) => entry.details.step);
    assert.deepEqual(started.slice(-9), ['authorise', 'leaveZone', 'killSockets', 'firewall', 'linksDown', 'targetUp', 'route', 'dns', 'verify']);
    const requested = await api.audit.query({ kind: 'zone.switchRequested', limit: 10 });
    assert.ok(requested.ok);
    const ok = requested.value.find((entry) => entry.result === 'ok');
    assert.equal(ok?.details.reason, 'Soạn công văn mật');
    assert.equal(typeof ok?.details.signature, 'string');
    assert.ok(requested.value.some((entry) => entry.result === 'refused' && entry.details.code === 'token.pinIncorrect'));
  });

  it('refuses content above the live zone’s ceiling (no read up), and audits the refusal; each zone has its own data', async () => {
    const zones = core.services.zones;
    zones.assertMayHandle('tuyetMat', 'open'); // the cipher network allows Top Secret
    const cipherStore = await zones.activeStore();
    cipherStore.put('notes', { text: 'Công văn tuyệt mật số 12' });
    // The recent documents list too: a name opened on the cipher network is not listed on the Internet.
    const recent = { path: '/home/official/Mật/ke-hoach-12.alc', fileName: 'Kế hoạch 12.pdf', level: 'tuyetMat' as const, signer: 'Trần Thị Bình', openedAt: '2026-11-25T08:00:00.000Z' };
    await core.services.recent.remember(recent);
    assert.deepEqual(await core.services.recent.list(), [recent]);
    assert.ok((await switchTo('internet')).ok);
    assert.equal(cipherStore.locked, true, 'the old zone store is locked and closed when the zone is left');
    assert.ok((await unlock()).ok);
    const internetStore = await zones.activeStore();
    assert.notEqual(internetStore, cipherStore);
    assert.deepEqual(internetStore.list('notes'), [], 'nothing of the cipher zone is in the Internet zone');
    assert.deepEqual(await core.services.recent.list(), [], 'the recent list is per zone');
    assert.ok(existsSync(path.join(dir, 'data', 'zone-co-yeu.db')) && existsSync(path.join(dir, 'data', 'zone-internet.db')));
    zones.assertMayHandle('unclassified', 'show');
    assert.throws(() => zones.assertMayHandle('mat', 'open'), /zone.levelTooHigh/);
    assert.throws(() => zones.assertMayHandle('tuyetMat', 'send'), /zone.levelTooHigh/);
    const refused = await api.audit.query({ kind: 'zone.contentRefused', limit: 10 });
    assert.ok(refused.ok);
    assert.equal(refused.value.length, 2);
    assert.equal(refused.value[0]?.details.ceiling, 'unclassified');
  });

  it('moving content to a lower zone needs a declassification record signed on an authorised officer’s token', async () => {
    const zones = core.services.zones;
    const digest = createHash('sha256').update('Báo cáo tình hình tháng 11').digest('hex');
    // From the Internet zone, no rule names the cipher network: forbidden.
    await assert.rejects(zones.checkTransfer({ digest, level: 'unclassified' }, 'co-yeu'), /zone.transferForbidden/);
    assert.ok((await switchTo('van-phong')).ok);
    assert.ok((await unlock()).ok);
    await zones.checkTransfer({ digest, level: 'mat' }, 'co-yeu'); // up to a higher ceiling, allowed by rule
    await assert.rejects(zones.checkTransfer({ digest, level: 'mat' }, 'internet'), /zone.declassificationInvalid/);

    const tokens = core.services.tokens;
    assert.ok(tokens);
    const holders = await tokenKeyHolders(tokens, ref());
    const ec = holders.find((holder) => holder.signer.scheme === 'ecdsaSha256');
    assert.ok(ec);
    const officer = { ...ec.signer, certificateDer: new Uint8Array(pemToDer(token.pki.declassOfficerPem)) };
    const decision = { contentDigest: digest, toZone: 'internet', fromLevel: 'mat' as const, toLevel: 'unclassified' as const, reason: 'Đã được Chánh văn phòng duyệt công bố' };
    // The same key under a certificate without the officer usage cannot declassify.
    await assert.rejects(zones.declassify(ec.signer, decision), /zone.declassificationInvalid/);
    const record = await zones.declassify(officer, decision);
    await zones.checkTransfer({ digest, level: 'mat' }, 'internet', record);

    const otherDigest = createHash('sha256').update('another document').digest('hex');
    await assert.rejects(zones.checkTransfer({ digest: otherDigest, level: 'mat' }, 'internet', record), /zone.declassificationInvalid/);
    await assert.rejects(zones.checkTransfer({ digest, level: 'mat' }, 'internet', { ...record, toLevel: 'mat' }), /zone.declassificationInvalid/);
    await assert.rejects(zones.checkTransfer({ digest, level: 'tuyetMat' }, 'internet', record), /zone.declassificationInvalid/);
    const audit = await api.audit.query({ kind: 'zone.declassified', limit: 10 });
    assert.ok(audit.ok);
    assert.deepEqual(audit.value.map((entry) => `${entry.result}:${String(entry.details.phase ?? entry.details.problem)}`).reverse(), ['refused:officerNotAuthorised', 'ok:signed', 'ok:used']);
  });

  it('a failure half-way (gateway the kernel refuses) reports the step, leaves every zone link down and no zone', async () => {
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, (policy) => {
      policy.serial = 2;
      const office = (policy.zones as { id: string; gateway: string }[]).find((zone) => zone.id === 'van-phong');
      if (office !== undefined) office.gateway = '203.0.113.77';
    }));
    const reloaded = await api.zones.reloadPolicy({});
    assert.ok(reloaded.ok && reloaded.value.state === 'loaded' && reloaded.value.serial === 2);
    const reply = await switchTo('van-phong');
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'zone.switchFailed');
    assert.equal(reply.error.details?.zoneStep, 'route');
    const state = await linkAndRouteState(lab);
    assert.deepEqual(state.upZoneLinks, []);
    assert.deepEqual(state.routeDevices, []);
    assert.equal(core.services.zones.status().active, null);
    assert.equal(core.services.zones.overview().lastSwitch?.failedStep, 'route');
    await assert.rejects(core.services.zones.activeStore(), /zone.noneActive/);
  });

  it('refuses a switch inside the cool-down, saying how long is left', async () => {
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, (policy) => {
      policy.serial = 3;
      policy.coolDownSeconds = 600;
    }));
    assert.ok((await unlock()).ok);
    await core.services.zones.reloadPolicy();
    const reply = await switchTo('internet');
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'zone.coolDown');
    assert.ok((reply.error.details?.secondsLeft ?? 0) > 500);
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, []);
  });

  it('a policy tampered on disk is refused on reload: no switch possible, and a live zone would be taken down', async () => {
    const text = await readFile(setup.policyPath, 'utf8');
    await writeFile(setup.policyPath, text.replace('"coolDownSeconds": 600', '"coolDownSeconds": 0'));
    const reloaded = await api.zones.reloadPolicy({});
    assert.deepEqual(reloaded, { ok: true, value: { state: 'refused', reason: 'badSignature' } });
    const reply = await switchTo('internet');
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'zone.policyRefused');
    assert.equal(reply.error.details?.policyRefusal, 'badSignature');
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, []);
  });
});
