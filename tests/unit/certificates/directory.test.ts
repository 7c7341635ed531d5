import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ColleagueDirectory, foldForSearch, MemoryDirectoryStore } from '../../../electron/core/directory/colleague-directory.js';
import { parseCertificate } from '../../../electron/core/certificates/parsed-certificate.js';
import type { CrlCache } from '../../../electron/core/certificates/revocation.js';
import { crlOf, days, freshCrls, issue, NOW, SIGNING, testAnchors, testPki, type TestPki } from './test-pki.js';

describe('colleague certificate directory', () => {
  let pki: TestPki;
  let crls: CrlCache;
  let clock: Date;
  const directory = () => new ColleagueDirectory({ store: new MemoryDirectoryStore(), anchors: testAnchors(pki), crls, now: () => clock });

  before(async () => {
    pki = await testPki();
  });

  const setUp = async () => {
    crls = await freshCrls(pki);
    clock = NOW;
    const colleagues = directory();
    assert.equal((await colleagues.import(pki.rsaLeaf.der, [pki.intermediate.der])).status, 'imported');
    assert.equal((await colleagues.import(pki.ecLeaf.pem, [pki.intermediate.pem])).status, 'imported');
    return colleagues;
  };

  it('imports a valid colleague with the purpose its key allows and stores the validation', async () => {
    const colleagues = await setUp();
    const rsa = await colleagues.get(parseCertificate(pki.rsaLeaf.der).fingerprint);
    const ec = await colleagues.get(parseCertificate(pki.ecLeaf.der).fingerprint);
    assert.equal(rsa?.purpose, 'encryption');
    assert.equal(ec?.purpose, 'keyAgreement');
    assert.equal(rsa?.validation.status, 'valid');
    assert.equal(rsa?.info.subject.commonName, 'Nguyễn Văn An');
    assert.equal(rsa?.importedAt, NOW.toISOString());
  });

  it('dedupes by fingerprint, whatever the encoding', async () => {
    const colleagues = await setUp();
    const again = await colleagues.import(pki.rsaLeaf.pem, [pki.intermediate.der]);
    assert.equal(again.status, 'duplicate');
    assert.equal((await colleagues.list()).length, 2);
  });

  it('refuses CA certificates, certificates that do not validate, signing-only keys and garbage', async () => {
    const colleagues = await setUp();
    assert.deepEqual(await colleagues.import(pki.intermediate.der), { status: 'rejected', reason: 'isCA', certificate: parseCertificate(pki.intermediate.der).fingerprint });
    const rejection = async (der: Uint8Array) => {
      const result = await colleagues.import(der, [pki.intermediate.der]);
      return result.status === 'rejected' ? result.reason : result.status;
    };
    assert.equal(await rejection(pki.expiredLeaf.der), 'expired');
    assert.equal(await rejection(pki.revokedLeaf.der), 'revoked');
    assert.equal(await rejection(pki.foreignLeaf.der), 'chainUnknownRoot');
    const signingOnly = await issue({ subject: [{ CN: ['Chỉ Ký Số'] }], issuer: pki.intermediate, usages: SIGNING });
    assert.equal(await rejection(signingOnly.der), 'wrongKeyUsage');
    assert.equal(await rejection(new Uint8Array([1, 2, 3])), 'malformed');
    assert.equal((await colleagues.list()).length, 2, 'nothing rejected was stored');
  });

  it('finds colleagues with or without diacritics, in any case, including đ/Đ', async () => {
    const colleagues = await setUp();
    const names = async (query: string) => (await colleagues.search(query)).map((entry) => entry.info.subject.commonName);
    assert.deepEqual(await names('nguyen van an'), ['Nguyễn Văn An']);
    assert.deepEqual(await names('Nguyễn Văn An'), ['Nguyễn Văn An']);
    assert.deepEqual(await names('NGUYEN'), ['Nguyễn Văn An']);
    assert.deepEqual(await names('tran thi dao'), ['Trần Thị Đào']);
    assert.deepEqual(await names('ĐÀO'), ['Trần Thị Đào']);
    assert.deepEqual(await names('dao.tt@mofa'), ['Trần Thị Đào'], 'by email');
    assert.deepEqual(await names('bo ngoai giao'), ['Nguyễn Văn An', 'Trần Thị Đào'], 'by organisation, in Vietnamese order');
    assert.deepEqual(await names('an nguyen'), ['Nguyễn Văn An'], 'word order does not matter');
    assert.deepEqual(await names('le van binh'), []);
    assert.equal((await colleagues.search('  ')).length, 2);
  });

  it('folds Vietnamese text for search', () => {
    assert.equal(foldForSearch('  Đặng  Thị Ngọc Đường '), 'dang thi ngoc duong');
    assert.equal(foldForSearch('Nguyễn Văn An'.normalize('NFD')), 'nguyen van an');
  });

  it('gets and removes by fingerprint', async () => {
    const colleagues = await setUp();
    const id = parseCertificate(pki.ecLeaf.der).fingerprint;
    assert.equal(await colleagues.remove(id), true);
    assert.equal(await colleagues.get(id), undefined);
    assert.equal(await colleagues.remove(id), false);
    assert.equal((await colleagues.list()).length, 1);
  });

  it('re-verifies everyone after a new CRL and as time passes, and reports who changed', async () => {
    const colleagues = await setUp();
    assert.deepEqual(await colleagues.reverifyAll(), [], 'nothing changed yet');

    const newer = await crlOf(pki.intermediate, [pki.revokedLeaf, pki.rsaLeaf], { thisUpdate: NOW, nextUpdate: days(7) });
    assert.equal((await crls.import(new Uint8Array(newer.rawData), [pki.intermediate.der])).status, 'stored');
    clock = days(1);
    const changed = await colleagues.reverifyAll();
    assert.deepEqual(
      changed.map((entry) => [entry.info.subject.commonName, entry.validation.status === 'invalid' && entry.validation.reason]),
      [['Nguyễn Văn An', 'revoked']],
    );
    const stored = await colleagues.get(parseCertificate(pki.rsaLeaf.der).fingerprint);
    assert.equal(stored?.verifiedAt, days(1).toISOString());

    clock = days(30);
    const stale = await colleagues.reverifyAll();
    assert.deepEqual(
      stale.map((entry) => entry.validation.status === 'invalid' && entry.validation.reason),
      ['revocationUnknown', 'revocationUnknown'],
      'once the CRLs are stale nobody is good any more',
    );
  });
});
