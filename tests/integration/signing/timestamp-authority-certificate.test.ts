// The timestamp authority's own certificate (docs/signing.md "The authority's certificate"): RFC 3161
// §2.3's extended key usage, validity at the token's genTime, revocation from the cached CRLs with
// RFC 3161 §4's reading of a revocation dated after genTime. Every TSA certificate is made by the real
// `openssl` (x509 / ca), every token by the real `openssl ts -reply` (re-signed with `openssl cms
// -sign -cades` for the certificates openssl ts refuses to sign with); signatures on the SoftHSM token.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import type { SignerTrust } from '../../../electron/core/documents/container-reader.js';
import { signFile, verifyFile } from '../../../electron/core/document-signing/document-signing.js';
import { verifyPdf } from '../../../electron/core/document-signing/pdf-signature-verifier.js';
import { SignatureError } from '../../../electron/core/document-signing/signature-error.js';
import { run, signingFixture, type SigningFixture } from '../../support/signing-fixture.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { issueTsaCertificate, startTestTsa, type TsaCertificate, type TsaCertificateShape } from '../../support/test-tsa.js';

const problemOf = (error: unknown): string => (error instanceof SignatureError ? error.problem : `other:${String(error)}`);
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Revocation dates and genTimes are whole seconds: a clear second on each side. */
const pastTheSecond = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe("the timestamp authority's certificate: its usage, its validity at genTime, its revocation (openssl-made TSA certificates, SoftHSM signer)", () => {
  const teardown = teardownAfterSuite();
  let fx: SigningFixture;
  let good: TsaCertificate;
  let count = 0;

  before(async () => {
    fx = await signingFixture(teardown);
    good = await issueTsaCertificate(fx.token.pki.paths, path.join(fx.dir, 'tsa-good'), 'intermediate', 'tsa');
  });

  /** An authority signing with a certificate of this shape (`signAs`: openssl ts makes the TSTInfo with the good one, then cms signs it as the shaped one). */
  const authority = async (shape: TsaCertificateShape, how: 'ts' | 'signAs') => {
    const dir = path.join(fx.dir, `tsa-${++count}`);
    const certificate = await issueTsaCertificate(fx.token.pki.paths, dir, 'intermediate', 'tsa', undefined, shape);
    const tsa = await startTestTsa(dir, how === 'ts' ? certificate : good, how === 'ts' ? {} : { signAs: certificate });
    teardown.defer(() => tsa.close());
    return { certificate, url: tsa.url, answered: tsa.answered };
  };

  const refusedWith = async (url: string, problem: string): Promise<void> => {
    const original = await fx.letter(`lỗi ${problem} ${++count}.pdf`);
    const listing = await readdir(fx.dir);
    await assert.rejects(signFile({ ...fx.request(fx.ec, original), timestamp: { url } }), (error) => problemOf(error) === problem);
    assert.deepEqual(await readdir(fx.dir), listing, 'no output, no temporary file');
  };

  /** A reader's trust with the intermediate's current CRL (after revocations) instead of the fixture's. */
  const trustWithCurrentCrl = async (now: () => Date = () => new Date()): Promise<SignerTrust> => {
    const { paths } = fx.token.pki;
    const crl = path.join(fx.dir, `current-${++count}.crl.pem`);
    await run('openssl', ['ca', '-config', paths.config, '-name', 'intermediate_ca', '-batch', '-gencrl', '-crldays', '30', '-out', crl]);
    const crls = new CrlCache(new MemoryCrlStore());
    for (const item of [await readFile(crl), fx.token.pki.rootCrlDer]) assert.equal((await crls.import(item, [fx.token.pki.rootPem, fx.token.pki.intermediatePem])).status, 'stored');
    return { ...fx.trust, crls, now };
  };

  const revoke = (certificate: TsaCertificate, reason?: string) =>
    run('openssl', ['ca', '-config', fx.token.pki.paths.config, '-name', 'intermediate_ca', '-batch', '-revoke', certificate.cert, ...(reason === undefined ? [] : ['-crl_reason', reason])]);

  describe('extended key usage (RFC 3161 §2.3: exactly one, id-kp-timeStamping, critical): anything else is timestampAuthorityNotTsa, nothing signed', () => {
    it('the good shape signs and verifies (the control for the three below)', async () => {
      const { url } = await authority({}, 'signAs');
      const signed = await signFile({ ...fx.request(fx.ec, await fx.letter('đối chứng.pdf')), timestamp: { url } });
      const verdict = await verifyPdf(await readFile(signed.output), fx.trust);
      const [check] = verdict.signatures;
      assert.ok(verdict.valid && check?.valid, JSON.stringify(verdict));
      assert.deepEqual([check.signature.timestamp?.valid, check.signature.timestamp?.authorityNote], [true, undefined]);
    });

    for (const [eku, what] of [['none', 'no extendedKeyUsage at all'], ['nonCritical', 'timeStamping, not critical'], ['withOther', 'timeStamping with codeSigning beside it']] as const) {
      it(`${what}: timestampAuthorityNotTsa`, async () => {
        const tsa = await authority({ eku }, 'signAs');
        await refusedWith(tsa.url, 'timestampAuthorityNotTsa');
        assert.equal(tsa.answered(), 1, 'the authority did answer; its token was refused');
      });
    }
  });

  describe('validity, judged at the token’s genTime', () => {
    it('a certificate that had expired when it stamped: timestampAuthorityExpired, nothing signed', async () => {
      const tsa = await authority({ validity: { start: new Date(Date.now() - 10 * DAY_MS), end: new Date(Date.now() - DAY_MS) } }, 'ts');
      await refusedWith(tsa.url, 'timestampAuthorityExpired');
    });

    it('a certificate not yet valid when it stamped: timestampAuthorityExpired', async () => {
      const tsa = await authority({ validity: { start: new Date(Date.now() + DAY_MS), end: new Date(Date.now() + 10 * DAY_MS) } }, 'ts');
      await refusedWith(tsa.url, 'timestampAuthorityExpired');
    });

    it('a certificate valid when it stamped and expired since: the timestamp holds, the report says since when; the signer is judged as of the timestamp', async () => {
      const end = new Date(Math.floor((Date.now() + HOUR_MS) / 1000) * 1000);
      const tsa = await authority({ validity: { start: new Date(Date.now() - DAY_MS), end } }, 'ts');
      const signed = await signFile({ ...fx.request(fx.rsa, await fx.letter('hết hạn sau.pdf')), timestamp: { url: tsa.url } });
      // Two hours later, with the same cached CRLs (still fresh).
      const later = { ...fx.trust, now: () => new Date(Date.now() + 2 * HOUR_MS) };
      const verdict = await verifyPdf(await readFile(signed.output), later);
      const [check] = verdict.signatures;
      assert.ok(verdict.valid && check?.valid, JSON.stringify(verdict));
      assert.deepEqual(check.signature.timestamp?.authorityNote, { expiredSince: end.toISOString() });
      assert.equal(check.signature.checkedAt.basis, 'timestamp');
      // Checked now, before it expired, there is nothing to say.
      const [today] = (await verifyPdf(await readFile(signed.output), fx.trust)).signatures;
      assert.ok(today?.valid === true);
      assert.equal(today.signature.timestamp?.authorityNote, undefined);
    });
  });

  describe('revocation from the cached CRLs (RFC 3161 §4): the date against genTime, and the reason', () => {
    let superseded: Awaited<ReturnType<typeof authority>>;
    let compromised: Awaited<ReturnType<typeof authority>>;
    let unexplained: Awaited<ReturnType<typeof authority>>;
    const files: Record<string, string> = {};

    before(async () => {
      const validity = { start: new Date(Date.now() - DAY_MS), end: new Date(Date.now() + 30 * DAY_MS) };
      [superseded, compromised, unexplained] = [await authority({ validity }, 'ts'), await authority({ validity }, 'ts'), await authority({ validity }, 'ts')];
      const sign = async (name: string, url: string) => (await signFile({ ...fx.request(fx.ec, await fx.letter(`${name}.pdf`)), timestamp: { url } })).output;
      files['supersededBefore'] = await sign('thay thế, ký trước', superseded.url);
      files['compromisedBefore'] = await sign('lộ khoá, ký trước', compromised.url);
      files['unexplainedBefore'] = await sign('không lý do, ký trước', unexplained.url);
      const p7sSource = await fx.letter('biên bản thay thế.pdf');
      files['supersededP7s'] = (await signFile({ ...fx.request(fx.rsa, p7sSource), format: 'p7s', timestamp: { url: superseded.url } })).output;
      files['p7sSource'] = p7sSource;
      await pastTheSecond();
      await revoke(superseded.certificate, 'superseded');
      await revoke(compromised.certificate, 'keyCompromise');
      await revoke(unexplained.certificate);
      await pastTheSecond();
      // The signer's trust still holds the older CRL: an authority whose revocation the workstation has not yet heard of.
      files['supersededAfter'] = await sign('thay thế, ký sau', superseded.url);
    });

    it('revoked after genTime as superseded (key intact): the timestamp holds, the report says revoked since when; PDF and .p7s alike', async () => {
      const told = await trustWithCurrentCrl();
      const verdict = await verifyPdf(await readFile(files['supersededBefore'] ?? ''), told);
      const [check] = verdict.signatures;
      assert.ok(verdict.valid && check?.valid, JSON.stringify(verdict));
      const revokedSince = check.signature.timestamp?.authorityNote?.revokedSince;
      assert.ok(revokedSince !== undefined && Date.parse(revokedSince) > Date.parse(check.signature.timestamp?.time ?? ''), JSON.stringify(check.signature.timestamp));
      assert.equal(check.signature.checkedAt.basis, 'timestamp');
      const p7s = await verifyFile(files['supersededP7s'] ?? '', told, files['p7sSource']);
      assert.ok(p7s.format === 'p7s' && p7s.valid && p7s.signature?.timestamp?.authorityNote?.revokedSince === revokedSince, JSON.stringify(p7s));
    });

    it('revoked before genTime (superseded, but the token came after): timestampAuthorityRevoked, the verdict fails', async () => {
      const verdict = await verifyPdf(await readFile(files['supersededAfter'] ?? ''), await trustWithCurrentCrl());
      const [check] = verdict.signatures;
      assert.ok(check?.valid === true, 'the signer’s own signature holds (judged now: the timestamp is void)');
      const stamp = check.signature.timestamp;
      assert.deepEqual([verdict.valid, stamp?.valid, stamp?.matches, stamp?.problem], [false, false, true, 'timestampAuthorityRevoked']);
      assert.match(stamp?.reason ?? '', /^before the timestamp, .*superseded$/);
    });

    it('revoked after genTime for a compromised key, or with no reason given: every token of that key is void — timestampAuthorityRevoked', async () => {
      const told = await trustWithCurrentCrl();
      for (const [file, reason] of [[files['compromisedBefore'], /^after the timestamp, .*keyCompromise$/], [files['unexplainedBefore'], /^after the timestamp, .*no reason given$/]] as const) {
        const verdict = await verifyPdf(await readFile(file ?? ''), told);
        const [check] = verdict.signatures;
        assert.ok(check?.valid === true, JSON.stringify(verdict));
        const stamp = check.signature.timestamp;
        assert.deepEqual([verdict.valid, stamp?.valid, stamp?.problem], [false, false, 'timestampAuthorityRevoked'], JSON.stringify(verdict));
        assert.match(stamp?.reason ?? '', reason);
      }
    });

    it('signing with an authority the workstation knows is revoked: timestampAuthorityRevoked, nothing signed', async () => {
      const told = await trustWithCurrentCrl();
      const original = await fx.letter('ký khi đã biết thu hồi.pdf');
      const listing = await readdir(fx.dir);
      await assert.rejects(signFile({ ...fx.request(fx.ec, original), trust: told, timestamp: { url: superseded.url } }), (error) => problemOf(error) === 'timestampAuthorityRevoked');
      assert.deepEqual(await readdir(fx.dir), listing);
    });
  });
});
