import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { BoundedCache } from '../../../electron/core/certificates/bounded-cache.js';
import { encodedCertificate } from '../../../electron/core/certificates/certificate-structure.js';
import { validateCertificate, type ValidationOptions } from '../../../electron/core/certificates/chain-validator.js';
import { parseCertificate } from '../../../electron/core/certificates/parsed-certificate.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { crlOf, days, issue, NOW, person, SIGNING, testAnchors, testPki, withBrokenSignature, type Issued, type TestPki } from './test-pki.js';

const fingerprint = (der: Uint8Array) => parseCertificate(der).fingerprint;

/**
 * The validator remembers pure results (parses, signature checks, paths, CRL checks) by content.
 * These tests validate a certificate once so everything about it is cached, then change what must
 * still be seen at once: a new CRL, the time, a flipped byte.
 */
describe('validation caches never answer for what changed', () => {
  let pki: TestPki;
  let leaf: Issued;
  const options = (crls: CrlCache, overrides: Partial<ValidationOptions> = {}): ValidationOptions => ({
    intermediates: [pki.intermediate.der],
    anchors: testAnchors(pki),
    crls,
    at: NOW,
    purpose: 'signature',
    ...overrides,
  });
  const crlsWith = async (intermediateCrl: { rawData: ArrayBuffer }): Promise<CrlCache> => {
    const crls = new CrlCache(new MemoryCrlStore());
    for (const crl of [pki.crls.root, intermediateCrl]) {
      const result = await crls.import(new Uint8Array(crl.rawData), [pki.root.der, pki.intermediate.der]);
      assert.equal(result.status, 'stored');
    }
    return crls;
  };

  before(async () => {
    pki = await testPki();
    // A leaf of its own, so no other test file's validations have warmed anything for it.
    leaf = await issue({ subject: person('Lý Văn Bộ Nhớ'), issuer: pki.intermediate, usages: SIGNING });
  });

  it('a CRL imported after the certificate was cached as valid revokes it on the very next validation', async () => {
    const crls = await crlsWith(pki.crls.intermediate);
    assert.equal((await validateCertificate(leaf.der, options(crls))).status, 'valid');
    assert.equal((await validateCertificate(leaf.der, options(crls))).status, 'valid', 'second run served from the caches');
    const newer = await crlOf(pki.intermediate, [pki.revokedLeaf, leaf], { thisUpdate: days(-0.5), nextUpdate: days(6) });
    assert.equal((await crls.import(new Uint8Array(newer.rawData), [pki.intermediate.der])).status, 'stored');
    assert.deepEqual(await validateCertificate(leaf.der, options(crls)), { status: 'invalid', reason: 'revoked', certificate: fingerprint(leaf.der) });
  });

  it('a certificate cached as valid is refused once expired, and before it is valid', async () => {
    const crls = await crlsWith(pki.crls.intermediate);
    assert.equal((await validateCertificate(leaf.der, options(crls))).status, 'valid');
    assert.deepEqual(await validateCertificate(leaf.der, options(crls, { at: days(366) })), { status: 'invalid', reason: 'expired', certificate: fingerprint(leaf.der) });
    assert.deepEqual(await validateCertificate(leaf.der, options(crls, { at: days(-366) })), { status: 'invalid', reason: 'notYetValid', certificate: fingerprint(leaf.der) });
  });

  it('a cached CRL that goes stale is not relied on', async () => {
    const crls = await crlsWith(pki.crls.intermediate);
    assert.equal((await validateCertificate(leaf.der, options(crls))).status, 'valid');
    assert.deepEqual(await crls.status(parseCertificate(leaf.der), parseCertificate(pki.intermediate.der), days(7)), { status: 'unknown', cause: 'stale' });
  });

  it('a tampered copy of a cached certificate is checked afresh and refused', async () => {
    const crls = await crlsWith(pki.crls.intermediate);
    assert.equal((await validateCertificate(leaf.der, options(crls))).status, 'valid');
    const tampered = withBrokenSignature(leaf.der);
    assert.deepEqual(await validateCertificate(tampered, options(crls)), { status: 'invalid', reason: 'badSignature', certificate: fingerprint(tampered) });
    // A tampered intermediate beside the good one, and alone.
    const badIntermediate = withBrokenSignature(pki.intermediate.der);
    assert.deepEqual(await validateCertificate(leaf.der, options(crls, { intermediates: [badIntermediate] })), {
      status: 'invalid',
      reason: 'badSignature',
      certificate: fingerprint(badIntermediate),
    });
  });

  it('a stored CRL altered after it was cached as verified is no longer used', async () => {
    const store = new MemoryCrlStore();
    const crls = new CrlCache(store);
    await crls.import(new Uint8Array(pki.crls.intermediate.rawData), [pki.intermediate.der]);
    const issuer = parseCertificate(pki.intermediate.der);
    const revoked = parseCertificate(pki.revokedLeaf.der);
    assert.equal((await crls.status(revoked, issuer, NOW)).status, 'revoked');
    // The store may be files on disk: someone rewrites the CRL there with its signature broken.
    await store.put(issuer.fingerprint, withBrokenSignature(new Uint8Array(pki.crls.intermediate.rawData)));
    assert.deepEqual(await crls.status(revoked, issuer, NOW), { status: 'unknown', cause: 'badSignature' });
  });

  it('a changed trust configuration is another path: an unpinned root is not reached through the cache', async () => {
    const crls = await crlsWith(pki.crls.intermediate);
    assert.equal((await validateCertificate(leaf.der, options(crls))).status, 'valid');
    const otherAnchors = testAnchors({ ...pki, root: pki.foreignRoot });
    const result = await validateCertificate(leaf.der, options(crls, { anchors: otherAnchors }));
    assert.equal(result.status === 'invalid' && result.reason, 'chainUnknownRoot');
  });
});

describe('bounded cache', () => {
  it('holds at most its capacity, forgetting the least recently used first', () => {
    const cache = new BoundedCache<string, number>(3);
    for (const [index, key] of ['a', 'b', 'c'].entries()) cache.set(key, index);
    assert.equal(cache.get('a'), 0); // now the most recently used
    cache.set('d', 3);
    cache.set('e', 4);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('c'), undefined);
    assert.deepEqual(['a', 'd', 'e'].map((key) => cache.get(key)), [0, 3, 4]);
    for (let index = 0; index < 10_000; index++) cache.set(`k${index}`, index);
    assert.equal(cache.size, 3);
  });

  it('remembers a computed value and refuses a capacity below one', () => {
    const cache = new BoundedCache<string, number>(1);
    let computed = 0;
    assert.equal(cache.remember('x', () => ++computed), 1);
    assert.equal(cache.remember('x', () => ++computed), 1);
    assert.equal(computed, 1);
    assert.throws(() => new BoundedCache(0));
  });
});


describe('certificate encodings kept by content', () => {
  it('a certificate parsed out of a message encodes to its own bytes, a tampered copy to its own', async () => {
    const pki = await testPki();
    const good = AsnConvert.parse(pki.ecLeaf.der, Certificate);
    assert.deepEqual(encodedCertificate(good), pki.ecLeaf.der);
    const tamperedDer = withBrokenSignature(pki.ecLeaf.der);
    assert.deepEqual(encodedCertificate(AsnConvert.parse(tamperedDer, Certificate)), tamperedDer);
    const mutated = encodedCertificate(good);
    mutated.fill(0);
    assert.deepEqual(encodedCertificate(good), pki.ecLeaf.der, 'each caller gets its own copy');
  });
});
