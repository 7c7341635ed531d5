import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCertificate } from '../../../electron/core/certificates/parsed-certificate.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { crlOf, days, NOW, testPki, withBrokenSignature } from './test-pki.js';

const der = (crl: { rawData: ArrayBuffer }) => new Uint8Array(crl.rawData);

describe('CRL cache', () => {
  it('imports a CRL (DER or PEM) that verifies under a known issuer and files it under that issuer', async () => {
    const { root, intermediate, crls } = await testPki();
    const cache = new CrlCache(new MemoryCrlStore());
    const issuers = [root.der, intermediate.der];
    const stored = await cache.import(der(crls.intermediate), issuers);
    assert.deepEqual(stored, {
      status: 'stored',
      issuer: parseCertificate(intermediate.der).fingerprint,
      thisUpdate: days(-1).toISOString(),
      nextUpdate: days(6).toISOString(),
    });
    const fromPem = await cache.import(crls.root.toString('pem'), issuers);
    assert.equal(fromPem.status, 'stored');
  });

  it('answers good, revoked (with date and reason) and unknown when there is no CRL', async () => {
    const { root, intermediate, rsaLeaf, revokedLeaf, crls } = await testPki();
    const cache = new CrlCache(new MemoryCrlStore());
    await cache.import(der(crls.intermediate), [intermediate.der]);
    const issuer = parseCertificate(intermediate.der);
    assert.deepEqual(await cache.status(parseCertificate(rsaLeaf.der), issuer, NOW), { status: 'good' });
    assert.deepEqual(await cache.status(parseCertificate(revokedLeaf.der), issuer, NOW), {
      status: 'revoked',
      revokedAt: days(-3).toISOString(),
      reason: 'keyCompromise',
    });
    assert.deepEqual(await cache.status(issuer, parseCertificate(root.der), NOW), { status: 'unknown', cause: 'noCrl' });
  });

  it('answers unknown, not good, once the CRL is stale', async () => {
    const { intermediate, rsaLeaf, crls } = await testPki();
    const cache = new CrlCache(new MemoryCrlStore());
    await cache.import(der(crls.staleIntermediate), [intermediate.der]);
    const status = await cache.status(parseCertificate(rsaLeaf.der), parseCertificate(intermediate.der), NOW);
    assert.deepEqual(status, { status: 'unknown', cause: 'stale' });
    const fresh = new CrlCache(new MemoryCrlStore());
    await fresh.import(der(crls.intermediate), [intermediate.der]);
    assert.deepEqual(await fresh.status(parseCertificate(rsaLeaf.der), parseCertificate(intermediate.der), days(7)), { status: 'unknown', cause: 'stale' });
  });

  it('keeps the newest CRL per issuer, whatever the import order', async () => {
    const { intermediate, rsaLeaf, crls } = await testPki();
    const cache = new CrlCache(new MemoryCrlStore());
    assert.equal((await cache.import(der(crls.staleIntermediate), [intermediate.der])).status, 'stored');
    assert.equal((await cache.import(der(crls.intermediate), [intermediate.der])).status, 'stored');
    const older = await cache.import(der(crls.staleIntermediate), [intermediate.der]);
    assert.equal(older.status, 'olderIgnored');
    assert.equal(older.status === 'olderIgnored' && older.thisUpdate, days(-1).toISOString(), 'reports the CRL still held');
    assert.deepEqual(await cache.status(parseCertificate(rsaLeaf.der), parseCertificate(intermediate.der), NOW), { status: 'good' });
  });

  it('rejects a CRL that is malformed, from an unknown issuer, badly signed, or signed by a non-CRL signer', async () => {
    const { root, intermediate, endEntityIssuer, crls } = await testPki();
    const cache = new CrlCache(new MemoryCrlStore());
    assert.deepEqual(await cache.import(new Uint8Array([1, 2, 3]), [intermediate.der]), { status: 'rejected', reason: 'malformed' });
    assert.deepEqual(await cache.import(der(crls.intermediate), [root.der]), { status: 'rejected', reason: 'issuerUnknown' });
    assert.deepEqual(await cache.import(withBrokenSignature(der(crls.intermediate)), [intermediate.der]), { status: 'rejected', reason: 'badSignature' });
    const fromEndEntity = await crlOf(endEntityIssuer, [], { thisUpdate: days(-1), nextUpdate: days(6) });
    assert.deepEqual(await cache.import(der(fromEndEntity), [endEntityIssuer.der]), { status: 'rejected', reason: 'issuerNotCrlSigner' });
  });

  it('fails closed when the stored CRL does not match the issuer asked about', async () => {
    const { intermediate, rsaLeaf, crls } = await testPki();
    const store = new MemoryCrlStore();
    const cache = new CrlCache(store);
    const issuer = parseCertificate(intermediate.der);
    const leaf = parseCertificate(rsaLeaf.der);

    await store.put(issuer.fingerprint, der(crls.root));
    assert.deepEqual(await cache.status(leaf, issuer, NOW), { status: 'unknown', cause: 'issuerMismatch' });

    await store.put(issuer.fingerprint, withBrokenSignature(der(crls.intermediate)));
    assert.deepEqual(await cache.status(leaf, issuer, NOW), { status: 'unknown', cause: 'badSignature' });

    await store.put(issuer.fingerprint, new Uint8Array([0xde, 0xad]));
    assert.deepEqual(await cache.status(leaf, issuer, NOW), { status: 'unknown', cause: 'noCrl' }, 'an unreadable CRL is no CRL');
  });
});
