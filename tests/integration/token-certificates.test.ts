import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../electron/core/core.js';
import { TrustAnchors, validateCertificate, CrlCache, MemoryCrlStore } from '../../electron/core/certificates/index.js';
import type { TokenCertificate } from '../../shared/domain/certificate.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { TRUSTED } from '../support/core.js';
import { realTokenLauncher, tokenCore } from '../support/token-core.js';

describe('certificates on a real SoftHSM2 token, judged against pinned roots and CRLs made by openssl', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  before(async () => {
    hsm = await createSoftHsmToken();
    ({ core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { anchors: [hsm.pki.rootPem], intermediates: [hsm.pki.intermediatePem] }));
    await core.start();
    await core.dispatcher.dispatch('session.unlock', { token: { serial: hsm.serial, label: hsm.label }, pin: hsm.userPin }, TRUSTED);
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
  });

  const list = async (): Promise<TokenCertificate[]> => {
    const reply = await core.dispatcher.dispatch('token.certificates', { token: { serial: hsm.serial, label: hsm.label } }, TRUSTED);
    assert.ok(reply.ok, JSON.stringify(reply));
    return reply.value as TokenCertificate[];
  };

  it('reads both certificates with their Vietnamese subjects; without a CRL the verdict is "revocation unknown" (fail closed)', async () => {
    const certificates = await list();
    const names = certificates.map((certificate) => certificate.info.subject.commonName).sort();
    assert.deepEqual(names, [hsm.pki.subjects.rsaLeaf.CN, hsm.pki.subjects.ecLeaf.CN].sort());
    for (const certificate of certificates) {
      assert.deepEqual(certificate.validation.status === 'invalid' && certificate.validation.reason, 'revocationUnknown');
      assert.ok(certificate.daysLeft > 300);
    }
  });

  it('validates once the CRLs of the root and of the intermediate are imported', async () => {
    assert.equal((await core.services.crls.import(hsm.pki.rootCrlDer, [hsm.pki.rootPem])).status, 'stored');
    assert.equal((await core.services.crls.import(hsm.pki.crlDer, [hsm.pki.intermediatePem])).status, 'stored');
    const certificates = await list();
    assert.deepEqual(
      certificates.map((certificate) => certificate.validation.status),
      ['valid', 'valid'],
    );
    const chain = certificates[0]?.validation.status === 'valid' ? certificates[0].validation.chain : [];
    assert.deepEqual(chain.map((link) => link.subject.commonName), [certificates[0]?.info.subject.commonName, 'Airlock Test Intermediate CA', 'Airlock Test Root CA']);
  });

  it('refuses, each with its own reason, the expired, revoked and unknown-root certificates and a stale CRL', async () => {
    const anchors = TrustAnchors.load([hsm.pki.rootPem]);
    const crls = new CrlCache(new MemoryCrlStore());
    await crls.import(hsm.pki.rootCrlDer, [hsm.pki.rootPem]);
    assert.equal((await crls.import(hsm.pki.crlDer, [hsm.pki.intermediatePem])).status, 'stored');
    const check = (pem: string, revocation = crls) => validateCertificate(pem, { intermediates: [hsm.pki.intermediatePem], anchors, crls: revocation, at: new Date(), purpose: 'signature' });
    const reasonOf = async (pem: string, revocation = crls) => {
      const result = await check(pem, revocation);
      return result.status === 'invalid' ? result.reason : 'valid';
    };
    assert.equal(await reasonOf(hsm.pki.rsaLeafPem), 'valid');
    assert.equal(await reasonOf(hsm.pki.expiredLeafPem), 'expired');
    assert.equal(await reasonOf(hsm.pki.revokedLeafPem), 'revoked');
    assert.equal(await reasonOf(hsm.pki.unknownLeafPem), 'chainUnknownRoot');
    const stale = new CrlCache(new MemoryCrlStore());
    await stale.import(hsm.pki.rootCrlDer, [hsm.pki.rootPem]);
    await stale.import(hsm.pki.staleCrlDer, [hsm.pki.intermediatePem]);
    assert.equal(await reasonOf(hsm.pki.rsaLeafPem, stale), 'revocationUnknown');
  });

  it('trusts nothing when no root is pinned', async () => {
    const bare = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath]).core;
    await bare.start();
    try {
      await bare.dispatcher.dispatch('session.unlock', { token: { serial: hsm.serial, label: hsm.label }, pin: hsm.userPin }, TRUSTED);
      const reply = await bare.dispatcher.dispatch('token.certificates', { token: { serial: hsm.serial, label: hsm.label } }, TRUSTED);
      assert.ok(reply.ok);
      for (const certificate of reply.value as TokenCertificate[]) assert.equal(certificate.validation.status === 'invalid' && certificate.validation.reason, 'chainUnknownRoot');
    } finally {
      bare.stop();
    }
  });
});
