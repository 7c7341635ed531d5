import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { certificateInfo } from '../../../electron/core/certificates/certificate-info.js';
import { CertificateError, parseCertificate, parseCertificates } from '../../../electron/core/certificates/parsed-certificate.js';
import { issue, SIGNING, testPki } from './test-pki.js';

const malformed = (error: unknown) => error instanceof CertificateError && error.code === 'certificate.malformed';

describe('certificate info', () => {
  it('describes a Vietnamese subject as structured fields and an RFC 4514 display string, UTF-8 intact', async () => {
    const { rsaLeaf } = await testPki();
    const info = certificateInfo(Buffer.from(rsaLeaf.der));
    assert.equal(info.subject.commonName, 'Nguyễn Văn An');
    assert.equal(info.subject.organization, 'Bộ Ngoại giao');
    assert.deepEqual(info.subject.organizationalUnits, ['Cục Lãnh sự']);
    assert.equal(info.subject.province, 'Hà Nội');
    assert.equal(info.subject.country, 'VN');
    assert.equal(info.subject.email, 'an.nv@mofa.gov.vn');
    assert.equal(info.email, 'an.nv@mofa.gov.vn');
    assert.equal(
      info.subject.display,
      'E=an.nv@mofa.gov.vn, UID=CCCD:001085012345, CN=Nguyễn Văn An, OU=Cục Lãnh sự, O=Bộ Ngoại giao, ST=Hà Nội, C=VN',
    );
    assert.equal(info.issuer.commonName, 'Test CA Cấp 2');
    assert.equal(info.issuer.organization, 'Ban Cơ yếu Chính phủ');
  });

  it('keeps attributes without a field of their own (the personal ID in UID) by OID', async () => {
    const { rsaLeaf } = await testPki();
    assert.deepEqual(certificateInfo(rsaLeaf.der).subject.otherAttributes, [
      { oid: '0.9.2342.19200300.100.1.1', label: 'UID', value: 'CCCD:001085012345' },
    ]);
  });

  it('reports the SHA-256 fingerprint, serial, validity, key, key usages and CA flag', async () => {
    const { rsaLeaf, ecLeaf, intermediate } = await testPki();
    const rsa = certificateInfo(rsaLeaf.der);
    assert.equal(rsa.fingerprint, createHash('sha256').update(rsaLeaf.der).digest('hex'));
    assert.equal(rsa.serialNumber, rsaLeaf.cert.serialNumber.toLowerCase());
    assert.equal(rsa.notBefore, rsaLeaf.cert.notBefore.toISOString());
    assert.equal(rsa.notAfter, rsaLeaf.cert.notAfter.toISOString());
    assert.deepEqual(rsa.keyAlgorithm, { kind: 'rsa', bits: 2048 });
    assert.deepEqual(rsa.keyUsage, ['digitalSignature', 'nonRepudiation', 'keyEncipherment']);
    assert.deepEqual(rsa.extendedKeyUsage, ['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.2']);
    assert.equal(rsa.isCA, false);

    const ec = certificateInfo(ecLeaf.pem);
    assert.deepEqual(ec.keyAlgorithm, { kind: 'ec', curve: 'P-256' });
    assert.deepEqual(ec.keyUsage, ['digitalSignature', 'nonRepudiation', 'keyAgreement']);
    assert.equal(ec.email, 'dao.tt@mofa.gov.vn', 'falls back to the subject alternative name');
    assert.equal(ec.subject.email, undefined);

    const ca = certificateInfo(intermediate.der);
    assert.equal(ca.isCA, true);
    assert.deepEqual(ca.keyUsage, ['keyCertSign', 'cRLSign']);
  });

  it('gives the same info, fingerprint included, for DER and PEM', async () => {
    const { ecLeaf } = await testPki();
    assert.deepEqual(certificateInfo(ecLeaf.pem), certificateInfo(ecLeaf.der));
  });

  it('normalises decomposed (NFD) names to NFC so equal names compare equal', async () => {
    const { intermediate } = await testPki();
    const decomposed = 'Nguyễn Văn An'.normalize('NFD');
    const leaf = await issue({ subject: [{ CN: [decomposed] }], issuer: intermediate, usages: SIGNING });
    assert.notEqual(decomposed, 'Nguyễn Văn An');
    assert.equal(certificateInfo(leaf.der).subject.commonName, 'Nguyễn Văn An');
  });

  it('survives JSON, as it must to cross IPC', async () => {
    const { rsaLeaf } = await testPki();
    const info = certificateInfo(rsaLeaf.der);
    assert.deepEqual(JSON.parse(JSON.stringify(info)), info);
  });

  it('refuses garbage, trailing bytes, non-certificate PEM and ambiguous bundles', async () => {
    const { rsaLeaf, ecLeaf, crls } = await testPki();
    assert.throws(() => parseCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), malformed);
    assert.throws(() => parseCertificate(Uint8Array.from([...rsaLeaf.der, 0])), malformed);
    assert.throws(() => parseCertificate('not a certificate'), malformed);
    assert.throws(() => parseCertificate(crls.intermediate.toString('pem')), malformed);
    assert.throws(() => parseCertificate(rsaLeaf.pem + ecLeaf.pem), malformed);
    assert.equal(parseCertificates(rsaLeaf.pem + ecLeaf.pem).length, 2);
  });

  it('keeps its own copy of the bytes', async () => {
    const { rsaLeaf } = await testPki();
    const buffer = Buffer.from(rsaLeaf.der);
    const parsed = parseCertificate(buffer);
    buffer.fill(0);
    assert.deepEqual(parsed.der, rsaLeaf.der);
  });
});
