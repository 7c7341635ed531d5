// A zone switch's intent is signed unattended (docs/zones.md "The switch procedure"), so it never
// takes a key that asks its PIN for every use (CKA_ALWAYS_AUTHENTICATE, unattendedKeyHolders). On a
// real SoftHSM token whose lowest-id key (00, made by pkcs11-tool --always-auth) is such a key, the
// switch is signed by the ordinary RSA key 01 with the login's PIN alone and the real namespaces
// follow; a token whose only key is always-auth is refused at authorisation with its own error,
// audited, the workstation locked and no network touched.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { HelperClient } from '../../../electron/core/zones/helper-client.js';
import { sha256Hex } from '../../../electron/core/certificates/parsed-certificate.js';
import { translate } from '../../../renderer/src/i18n/catalog.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { addAlwaysAuthSigningKey, type AlwaysAuthKey } from '../../support/always-auth-key.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { startedTokenCore } from '../../support/token-core.js';
import { createZoneLab, linkAndRouteState, type ZoneLab } from '../../support/zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy, type HelperSetup } from '../../support/zone-policy.js';

describe('zone switch on a token whose lowest-id key asks its PIN for every use (SoftHSM --always-auth, real namespaces, root)', () => {
  const ONLY_ALWAYS_AUTH = 'Only Always Auth';
  let token: SoftHsmToken;
  let lab: ZoneLab;
  let dir: string;
  let setup: HelperSetup;
  let helper: HelperClient;
  let core: Core;
  let api: AirlockApi;
  let lowest: AlwaysAuthKey;
  const teardown = teardownAfterSuite();

  before(async () => {
    [token, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken({ extraTokens: [ONLY_ALWAYS_AUTH] })), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-switch-always-auth-')]);
    lowest = await addAlwaysAuthSigningKey(token, { keyId: '00' });
    await addAlwaysAuthSigningKey(token, { keyId: '00', tokenLabel: ONLY_ALWAYS_AUTH });
    setup = await helperSetup(token, lab, dir);
    // No cool-down: the refusal below comes after a switch.
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, (policy) => {
      policy.coolDownSeconds = 0;
    }));
    helper = setup.start();
    teardown.defer(() => helper.stop());
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data'), { zones: { policyPath: setup.policyPath, helper } }));
    teardown.defer(() => core.stop());
  });

  const main = () => ({ serial: token.serial, label: token.label });
  const unlock = () => api.session.unlock({ token: main(), pin: token.userPin });

  it('switches with the login PIN alone: the intent is signed by the ordinary key 01, never the always-auth key 00, and one zone is live', async () => {
    assert.ok((await unlock()).ok);
    const reply = await api.zones.switch({ zone: 'co-yeu', reason: 'Soạn công văn mật', token: main(), pin: token.userPin });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.value.active?.id, 'co-yeu');
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, [lab.zone('co-yeu').interface]);

    assert.ok((await unlock()).ok); // locked-time events move from the inbox into the log
    const requested = await api.audit.query({ kind: 'zone.switchRequested', limit: 10 });
    assert.ok(requested.ok);
    const signed = requested.value.find((entry) => entry.result === 'ok');
    const rsaLeaf = await readFile(token.pki.paths.rsaLeafCertDer);
    assert.equal(signed?.details.signer, sha256Hex(rsaLeaf), 'signed by the RSA key 01');
    assert.notEqual(signed?.details.signer, sha256Hex(lowest.certificateDer));
    assert.equal(signed?.details.scheme, 'rsaPssSha256');
    assert.ok(!requested.value.some((entry) => entry.result === 'refused'), 'no PIN was asked again (token.contextPinRequired)');
  });

  it('refuses a token whose only key is always-auth, in vi and en, before any network step: locked, the live zone kept, audited', async () => {
    const only = token.extraTokens[0];
    assert.ok(only);
    assert.ok((await unlock()).ok);
    const before = await linkAndRouteState(lab);
    const reply = await api.zones.switch({ zone: 'internet', reason: 'Tra cứu văn bản', token: only, pin: token.userPin });
    assert.equal(!reply.ok && reply.error.code, 'zone.onlyPinPerUseKeys');
    assert.equal(!reply.ok && reply.error.details?.zoneStep, undefined, 'refused at authorisation, no network step named');
    assert.match(translate('vi', 'error.zone.onlyPinPerUseKeys'), /mỗi lần dùng/);
    assert.match(translate('en', 'error.zone.onlyPinPerUseKeys'), /every use/);
    const state = core.services.session.state();
    assert.equal(state.locked && state.reason, 'zoneSwitch');
    assert.deepEqual(await linkAndRouteState(lab), before);
    assert.equal(core.services.zones.status().active?.id, 'co-yeu');
    const tokens = core.services.tokens;
    assert.ok(tokens);
    await tokens.refresh();
    assert.ok(tokens.list().every((listed) => !listed.loggedIn), 'every token logged out');

    assert.ok((await unlock()).ok);
    const requested = await api.audit.query({ kind: 'zone.switchRequested', limit: 10 });
    assert.ok(requested.ok);
    const refused = requested.value.find((entry) => entry.result === 'refused');
    assert.deepEqual([refused?.details.code, refused?.details.serial, refused?.details.target], ['zone.onlyPinPerUseKeys', only.serial, 'internet']);
    const steps = await api.audit.query({ kind: 'zone.switchStep', limit: 100 });
    assert.ok(steps.ok);
    assert.ok(!steps.value.some((entry) => entry.details.target === 'internet' && entry.details.step !== 'authorise'), 'no step after authorise for the refused switch');
  });
});
