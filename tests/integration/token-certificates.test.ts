import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

  it('imports CRLs through the IPC channel into files that survive a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-crl-'));
    const start = async () => {
      const { core: fresh } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { anchors: [hsm.pki.rootPem], intermediates: [hsm.pki.intermediatePem], dataDir });
      await fresh.start();
      await fresh.dispatcher.dispatch('session.unlock', { token: { serial: hsm.serial, label: hsm.label }, pin: hsm.userPin }, TRUSTED);
      return fresh;
    };
    const first = await start();
    try {
      for (const der of [hsm.pki.rootCrlDer, hsm.pki.crlDer]) {
        const reply = await first.dispatcher.dispatch('certificates.importCrl', { crl: der.toString('base64') }, TRUSTED);
        assert.ok(reply.ok && (reply.value as { status: string }).status === 'stored', JSON.stringify(reply));
      }
      // The same CRL as a .pem file's bytes: parsed as PEM, and not newer than what is held.
      const pem = await first.dispatcher.dispatch('certificates.importCrl', { crl: Buffer.from(hsm.pki.crlPem).toString('base64') }, TRUSTED);
      assert.equal(pem.ok && (pem.value as { status: string }).status, 'olderIgnored');
      const junk = await first.dispatcher.dispatch('certificates.importCrl', { crl: Buffer.from('not a crl').toString('base64') }, TRUSTED);
      assert.deepEqual(junk, { ok: true, value: { status: 'rejected', reason: 'malformed' } });
      const unknown = await first.dispatcher.dispatch('certificates.importCrl', { crl: 'not base64!' }, TRUSTED);
      assert.equal(!unknown.ok && unknown.error.code, 'ipc.invalidRequest');
    } finally {
      first.stop();
    }
    const second = await start();
    try {
      const reply = await second.dispatcher.dispatch('token.certificates', { token: { serial: hsm.serial, label: hsm.label } }, TRUSTED);
      assert.ok(reply.ok);
      assert.deepEqual((reply.value as TokenCertificate[]).map((certificate) => certificate.validation.status), ['valid', 'valid']);
    } finally {
      second.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('imports several CRL files at once by path, each reported and audited on its own (#13)', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-crls-'));
    const { core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { anchors: [hsm.pki.rootPem], intermediates: [hsm.pki.intermediatePem], dataDir });
    await core.start();
    try {
      await core.dispatcher.dispatch('session.unlock', { token: { serial: hsm.serial, label: hsm.label }, pin: hsm.userPin }, TRUSTED);
      const files = { root: path.join(dataDir, 'root.crl'), intermediate: path.join(dataDir, 'intermediate.pem'), junk: path.join(dataDir, 'junk.crl') };
      await Promise.all([writeFile(files.root, hsm.pki.rootCrlDer), writeFile(files.intermediate, hsm.pki.crlPem), writeFile(files.junk, 'not a crl')]);
      const reply = await core.dispatcher.dispatch('certificates.importCrlFiles', { paths: [files.root, files.junk, path.join(dataDir, 'absent.crl'), files.intermediate] }, TRUSTED);
      assert.ok(reply.ok, JSON.stringify(reply));
      const outcomes = reply.value as { file: string; outcome: { status: string; reason?: string } }[];
      assert.deepEqual(
        outcomes.map(({ file, outcome }) => [file, outcome.status === 'rejected' ? outcome.reason : outcome.status]),
        [['root.crl', 'stored'], ['junk.crl', 'malformed'], ['absent.crl', 'unreadable'], ['intermediate.pem', 'stored']],
      );
      const certificates = await core.dispatcher.dispatch('token.certificates', { token: { serial: hsm.serial, label: hsm.label } }, TRUSTED);
      assert.ok(certificates.ok);
      assert.deepEqual((certificates.value as TokenCertificate[]).map((certificate) => certificate.validation.status), ['valid', 'valid']);
      const audit = await core.dispatcher.dispatch('audit.query', { kind: 'crl.imported' }, TRUSTED);
      assert.ok(audit.ok);
      assert.deepEqual((audit.value as { result: string }[]).map((entry) => entry.result).sort(), ['ok', 'ok', 'refused', 'refused']);
    } finally {
      core.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
