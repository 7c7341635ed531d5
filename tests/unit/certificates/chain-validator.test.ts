import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { validateCertificate, type ValidationOptions } from '../../../electron/core/certificates/chain-validator.js';
import { parseCertificate, type CertificateInput } from '../../../electron/core/certificates/parsed-certificate.js';
import { CrlCache, MemoryCrlStore, type RevocationSource } from '../../../electron/core/certificates/revocation.js';
import type { CertificateInvalidReason, CertificatePurpose, ValidationResult } from '../../../electron/core/certificates/types.js';
import { Extension } from '../../../electron/core/certificates/x509.js';
import { freshCrls, issue, NOW, SIGNING, testAnchors, testPki, withBrokenSignature, type TestPki } from './test-pki.js';

const fingerprint = (der: Uint8Array) => parseCertificate(der).fingerprint;

function assertInvalid(result: ValidationResult, reason: CertificateInvalidReason, culprit: Uint8Array): void {
  assert.deepEqual(result, { status: 'invalid', reason, certificate: fingerprint(culprit) });
}

describe('chain validation', () => {
  let pki: TestPki;
  let crls: CrlCache;
  const check = (leaf: CertificateInput, overrides: Partial<ValidationOptions> = {}) =>
    validateCertificate(leaf, { intermediates: [pki.intermediate.der], anchors: testAnchors(pki), crls, at: NOW, purpose: 'signature', ...overrides });

  before(async () => {
    pki = await testPki();
    crls = await freshCrls(pki);
  });

  it('accepts a good chain for each purpose and returns it leaf first, ending at the pinned root', async () => {
    const cases: [CertificateInput, CertificatePurpose][] = [
      [pki.rsaLeaf.der, 'signature'],
      [pki.ecLeaf.pem, 'signature'],
      [pki.rsaLeaf.der, 'encryption'],
      [pki.ecLeaf.der, 'keyAgreement'],
    ];
    for (const [leaf, purpose] of cases) {
      const result = await check(leaf, { purpose });
      assert.equal(result.status, 'valid', purpose);
      assert.deepEqual(
        result.status === 'valid' && result.chain.map((info) => info.fingerprint),
        [parseCertificate(leaf).fingerprint, fingerprint(pki.intermediate.der), fingerprint(pki.root.der)],
      );
    }
  });

  it('chainUnknownRoot: a leaf under a root that is not pinned, or with its intermediate missing', async () => {
    assertInvalid(await check(pki.foreignLeaf.der, { intermediates: [pki.foreignRoot.der] }), 'chainUnknownRoot', pki.foreignRoot.der);
    assertInvalid(await check(pki.foreignLeaf.der), 'chainUnknownRoot', pki.foreignLeaf.der);
    assertInvalid(await check(pki.rsaLeaf.der, { intermediates: [] }), 'chainUnknownRoot', pki.rsaLeaf.der);
  });

  it('badSignature: one flipped byte in the leaf signature, although its named issuer is present', async () => {
    const broken = withBrokenSignature(pki.ecLeaf.der);
    assertInvalid(await check(broken), 'badSignature', broken);
  });

  it('badSignature: a broken intermediate is named as the culprit', async () => {
    const broken = withBrokenSignature(pki.intermediate.der);
    assertInvalid(await check(pki.ecLeaf.der, { intermediates: [broken] }), 'badSignature', broken);
  });

  it('expired and notYetValid, for the leaf and for a CA in the path', async () => {
    assertInvalid(await check(pki.expiredLeaf.der), 'expired', pki.expiredLeaf.der);
    assertInvalid(await check(pki.futureLeaf.der), 'notYetValid', pki.futureLeaf.der);
    const afterEverything = new Date(pki.root.cert.notAfter.getTime() + 1000);
    assertInvalid(await check(pki.ecLeaf.der, { at: afterEverything }), 'expired', pki.ecLeaf.der);
    const beforeTheRoot = new Date(pki.root.cert.notBefore.getTime() - 1000);
    assertInvalid(await check(pki.ecLeaf.der, { at: beforeTheRoot }), 'notYetValid', pki.ecLeaf.der);
  });

  it('notCA: an end-entity certificate used as an issuer, even with keyCertSign', async () => {
    const result = await check(pki.underEndEntity.der, { intermediates: [pki.intermediate.der, pki.endEntityIssuer.der] });
    assertInvalid(result, 'notCA', pki.endEntityIssuer.der);
  });

  it('pathLengthExceeded: a CA below a pathLength-0 CA; the constraining CA is the culprit', async () => {
    const result = await check(pki.tooDeepLeaf.der, { intermediates: [pki.intermediate.der, pki.nestedCa.der] });
    assertInvalid(result, 'pathLengthExceeded', pki.intermediate.der);
  });

  it('wrongKeyUsage: keyEncipherment only for signature, RSA for keyAgreement, EC for encryption', async () => {
    assertInvalid(await check(pki.encipherOnlyLeaf.der, { purpose: 'signature' }), 'wrongKeyUsage', pki.encipherOnlyLeaf.der);
    assertInvalid(await check(pki.rsaLeaf.der, { purpose: 'keyAgreement' }), 'wrongKeyUsage', pki.rsaLeaf.der);
    assertInvalid(await check(pki.ecLeaf.der, { purpose: 'encryption' }), 'wrongKeyUsage', pki.ecLeaf.der);
    assert.equal((await check(pki.encipherOnlyLeaf.der, { purpose: 'encryption' })).status, 'valid');
  });

  it('revoked: a leaf listed on its issuer’s CRL', async () => {
    assertInvalid(await check(pki.revokedLeaf.der), 'revoked', pki.revokedLeaf.der);
  });

  it('revocationUnknown: no CRL at all, only a stale CRL, or no CRL for an intermediate', async () => {
    const empty = new CrlCache(new MemoryCrlStore());
    assertInvalid(await check(pki.ecLeaf.der, { crls: empty }), 'revocationUnknown', pki.ecLeaf.der);

    const stale = new CrlCache(new MemoryCrlStore());
    await stale.import(new Uint8Array(pki.crls.root.rawData), [pki.root.der]);
    await stale.import(new Uint8Array(pki.crls.staleIntermediate.rawData), [pki.intermediate.der]);
    assertInvalid(await check(pki.ecLeaf.der, { crls: stale }), 'revocationUnknown', pki.ecLeaf.der);

    const leafOnly = new CrlCache(new MemoryCrlStore());
    await leafOnly.import(new Uint8Array(pki.crls.intermediate.rawData), [pki.intermediate.der]);
    assertInvalid(await check(pki.ecLeaf.der, { crls: leafOnly }), 'revocationUnknown', pki.intermediate.der);
  });

  it('asks about every non-anchor certificate and never about the anchor; a revocation outranks an unknown', async () => {
    const asked: string[] = [];
    const answers: RevocationSource = {
      status: (certificate) => {
        asked.push(certificate.fingerprint);
        return Promise.resolve(certificate.fingerprint === fingerprint(pki.intermediate.der) ? { status: 'revoked', revokedAt: NOW.toISOString() } : { status: 'unknown', cause: 'noCrl' });
      },
    };
    assertInvalid(await check(pki.ecLeaf.der, { crls: answers }), 'revoked', pki.intermediate.der);
    assert.deepEqual(asked, [fingerprint(pki.ecLeaf.der), fingerprint(pki.intermediate.der)]);
  });

  it('unsupportedCriticalExtension: a critical extension Airlock does not process', async () => {
    const leaf = await issue({ subject: [{ CN: ['Đỗ Lạ Thường'] }], issuer: pki.intermediate, usages: SIGNING, extra: [new Extension('1.2.3.4.5', true, new Uint8Array([5, 0]))] });
    assertInvalid(await check(leaf.der), 'unsupportedCriticalExtension', leaf.der);
  });

  it('ignores unparsable intermediates instead of failing open or throwing', async () => {
    const result = await check(pki.ecLeaf.der, { intermediates: [new Uint8Array([1, 2, 3]), 'junk', pki.intermediate.pem] });
    assert.equal(result.status, 'valid');
  });
});
