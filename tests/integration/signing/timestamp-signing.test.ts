// PAdES B-T and CAdES-T (docs/signing.md "Timestamps"): signatures made on the SoftHSM token with
// an RFC 3161 token from a loopback authority that runs the real `openssl ts -reply`; judged by
// Airlock's verifier, poppler's pdfsig and `openssl ts -verify` on the token taken out of the
// signature. An authority that is down, silent, stamps another value or is not trusted: each its
// own error, and no file.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { signFile, verifyFile } from '../../../electron/core/document-signing/document-signing.js';
import { verifyPdf } from '../../../electron/core/document-signing/pdf-signature-verifier.js';
import { SignatureError } from '../../../electron/core/document-signing/signature-error.js';
import { checkTimestampToken, ID_AA_SIGNATURE_TIME_STAMP_TOKEN } from '../../../electron/core/document-signing/timestamp-token.js';
import { run, signingFixture, type SigningFixture } from '../../support/signing-fixture.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { closedPortUrl, issueTsaCertificate, startSilentServer, startTestTsa, type TestTsa } from '../../support/test-tsa.js';

const problemOf = (error: unknown): string => (error instanceof SignatureError ? error.problem : `other:${String(error)}`);

/** The signature value and the timestamp token of a CMS SignedData (read with the asn1 schema library, never by hand). */
function partsOf(cms: Uint8Array): { signature: Uint8Array; token: Uint8Array | undefined } {
  const signedData = AsnConvert.parse(AsnConvert.parse(cms, ContentInfo).content, SignedData);
  const signer = signedData.signerInfos[0];
  assert.ok(signer !== undefined);
  const token = signer.unsignedAttrs?.find((item) => item.attrType === ID_AA_SIGNATURE_TIME_STAMP_TOKEN)?.attrValues[0];
  return { signature: new Uint8Array(signer.signature.buffer), token: token === undefined ? undefined : new Uint8Array(token) };
}

/** The CMS of a PDF's last signature: the hex between its ByteRange's two ranges, zero padding cut by the DER length. */
function lastPdfCms(pdf: Buffer): Uint8Array {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(-1);
  assert.ok(ranges !== undefined);
  const hex = pdf.subarray(Number(ranges[2]) + 1, Number(ranges[3]) - 1).toString('latin1');
  const bytes = Buffer.from(hex, 'hex');
  // A DER SEQUENCE with a long-form length: 30 8N <N bytes of length>.
  const lengthBytes = (bytes[1] ?? 0) & 0x7f;
  return bytes.subarray(0, 2 + lengthBytes + bytes.subarray(2, 2 + lengthBytes).readUIntBE(0, lengthBytes));
}

describe('timestamps on signatures (PAdES B-T, CAdES-T) from a loopback openssl ts authority', () => {
  const teardown = teardownAfterSuite();
  let fx: SigningFixture;
  let tsa: TestTsa;

  before(async () => {
    fx = await signingFixture(teardown);
    const certificate = await issueTsaCertificate(fx.token.pki.paths, path.join(fx.dir, 'tsa'), 'intermediate', 'tsa');
    tsa = await startTestTsa(path.join(fx.dir, 'tsa'), certificate);
    teardown.defer(() => tsa.close());
  });

  const opensslTsVerify = async (token: Uint8Array, signature: Uint8Array): Promise<string> => {
    const file = path.join(fx.dir, 'token.tst');
    await writeFile(file, token);
    const digest = (await import('node:crypto')).createHash('sha256').update(signature).digest('hex');
    const verified = await run('openssl', ['ts', '-verify', '-token_in', '-in', file, '-digest', digest, '-CAfile', fx.token.pki.paths.rootCert, '-untrusted', fx.token.pki.paths.intermediateCert]);
    return verified.stdout + verified.stderr;
  };

  it('a PDF signed B-T (RSA, then a second signer EC B-T): Airlock reports each time, valid and matching; pdfsig says valid; openssl ts -verify accepts the token', async () => {
    const original = await fx.letter('công văn B-T.pdf');
    const startedAt = Date.now();
    const once = await signFile({ ...fx.request(fx.rsa, original), timestamp: { url: tsa.url } });
    const twice = await signFile({ ...fx.request(fx.ec, once.output), timestamp: { url: tsa.url } });
    const endedAt = Date.now();
    assert.equal(tsa.answered(), 2);

    const verdict = await verifyPdf(await readFile(twice.output), fx.trust);
    assert.equal(verdict.valid, true, JSON.stringify(verdict));
    for (const check of verdict.signatures) {
      assert.ok(check.valid);
      const stamp = check.signature.timestamp;
      assert.ok(stamp !== undefined && stamp.time !== undefined, JSON.stringify(check));
      assert.deepEqual([stamp.valid, stamp.matches, stamp.authority], [true, true, 'Máy chủ cấp dấu thời gian thử']);
      // openssl ts stamps whole seconds (accuracy 1 s): the time lies within the signing, to the second.
      const at = Date.parse(stamp.time);
      assert.ok(at >= Math.floor(startedAt / 1000) * 1000 - 1000 && at <= endedAt + 1000, `${stamp.time} not within the signing`);
    }

    // poppler 22.12 does not read RFC 3161 tokens (no timestamp line in its report): what it shows is
    // that the unsigned attribute leaves both signatures valid, and its "Signing Time" (the /M entry,
    // in UTC here) within the authority's second of the token's time.
    const report = await fx.pdfsig(twice.output);
    assert.equal(report.match(/Signature is Valid\./g)?.length, 2, report);
    assert.equal(report.match(/Certificate is Trusted\./g)?.length, 2, report);
    const shown = [...report.matchAll(/Signing Time: (\w{3} \d{2} \d{4} \d{2}:\d{2}:\d{2})/g)].map((found) => Date.parse(`${found[1] ?? ''} UTC`));
    const stamped = verdict.signatures.map((check) => (check.valid ? Date.parse(check.signature.timestamp?.time ?? '') : Number.NaN));
    assert.equal(shown.length, 2, report);
    shown.forEach((time, index) => assert.ok(Math.abs(time - (stamped[index] ?? 0)) <= 2000, `pdfsig ${new Date(time).toISOString()} vs token ${String(stamped[index])}`));

    const { signature, token } = partsOf(lastPdfCms(await readFile(twice.output)));
    assert.ok(token !== undefined, 'the last signature carries id-aa-signatureTimeStampToken');
    assert.match(await opensslTsVerify(token, signature), /Verification: OK/);
    // The same token does not stamp another signature value.
    await assert.rejects(opensslTsVerify(token, new Uint8Array(signature.length)), /message imprint mismatch|Verification: FAILED/);
  });

  it('a .p7s signed CAdES-T (ECDSA): openssl cms -verify still accepts it, Airlock reports the timestamp, openssl ts -verify accepts the token', async () => {
    const file = path.join(fx.dir, 'biên bản.txt');
    await writeFile(file, 'Biên bản họp ngày 5/12/2026\n');
    const signed = await signFile({ ...fx.request(fx.ec, file), timestamp: { url: tsa.url } });
    const ok = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signed.output, '-content', file, '-CAfile', fx.token.pki.paths.rootCert, '-purpose', 'any', '-out', '/dev/null']);
    assert.match(ok.stderr, /Verification successful/);
    const verdict = await verifyFile(signed.output, fx.trust, file);
    assert.ok(verdict.format === 'p7s' && verdict.valid, JSON.stringify(verdict));
    assert.deepEqual([verdict.signature?.timestamp?.valid, verdict.signature?.timestamp?.matches], [true, true]);
    const { signature, token } = partsOf(await readFile(signed.output));
    assert.ok(token !== undefined);
    assert.match(await opensslTsVerify(token, signature), /Verification: OK/);

    // The verifier's own findings on that token: another signature value, and a reader who does not trust the authority's root.
    const other = await checkTimestampToken(token, new Uint8Array(signature.length), fx.trust);
    assert.deepEqual([other.valid, other.matches, other.problem], [false, false, 'timestampMismatch']);
    const stranger = { anchors: TrustAnchors.load([fx.token.pki.unknownRootPem]), intermediates: [], crls: new CrlCache(new MemoryCrlStore()), now: () => new Date() };
    const untrusted = await checkTimestampToken(token, signature, stranger);
    assert.deepEqual([untrusted.valid, untrusted.matches, untrusted.problem], [false, true, 'timestampUntrusted']);
  });

  it("a token changed inside a signed PDF (a byte of the authority's signature): the signer's signature still holds, the timestamp is reported invalid and the verdict fails", async () => {
    const signed = await signFile({ ...fx.request(fx.ec, await fx.letter('dấu thời gian bị sửa.pdf')), timestamp: { url: tsa.url } });
    const bytes = await readFile(signed.output);
    const { token } = partsOf(lastPdfCms(bytes));
    assert.ok(token !== undefined);
    // The token's last bytes are its ECDSA signature's s value; /Contents is outside the ByteRange, so only the token changes.
    const hex = Buffer.from(token).toString('hex');
    const at = bytes.indexOf(hex, 0, 'latin1') + hex.length - 6;
    assert.ok(at > hex.length);
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
    const verdict = await verifyPdf(bytes, fx.trust);
    const check = verdict.signatures[0];
    assert.ok(check?.valid, 'the signer signature itself holds');
    assert.deepEqual([check.signature.timestamp?.valid, check.signature.timestamp?.matches, check.signature.timestamp?.problem], [false, true, 'timestampInvalid']);
    assert.equal(verdict.valid, false);
  });

  it('a signature without a timestamp reports none (B-B stays B-B)', async () => {
    const signed = await signFile(fx.request(fx.ec, await fx.letter('không dấu thời gian.pdf')));
    const verdict = await verifyPdf(await readFile(signed.output), fx.trust);
    assert.ok(verdict.valid && verdict.signatures[0]?.valid);
    assert.equal(verdict.signatures[0].signature.timestamp, undefined);
  });

  describe('an authority that fails: its own error, and no file', () => {
    const refusedWith = async (url: string, problem: string, timeoutMs?: number): Promise<void> => {
      const original = await fx.letter(`lỗi ${problem}.pdf`);
      const listing = await readdir(fx.dir);
      const timestamp = { url, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
      await assert.rejects(signFile({ ...fx.request(fx.rsa, original), timestamp }), (error) => problemOf(error) === problem);
      await assert.rejects(signFile({ ...fx.request(fx.ec, original), format: 'p7s', timestamp }), (error) => problemOf(error) === problem);
      assert.deepEqual(await readdir(fx.dir), listing, 'no output, no temporary file');
    };

    it('down (nothing listens): timestampUnreachable', async () => {
      await refusedWith(await closedPortUrl(), 'timestampUnreachable');
    });

    it('silent (accepts, never answers): timestampUnreachable after the timeout', async () => {
      const silent = await startSilentServer();
      teardown.defer(() => silent.close());
      const started = Date.now();
      await refusedWith(silent.url, 'timestampUnreachable', 500);
      assert.ok(Date.now() - started < 10_000, 'the timeout ended the wait');
    });

    it('answers something that is not a timestamp reply (HTTP 404 page): timestampRefused', async () => {
      const server = createServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      teardown.defer(() => new Promise((resolve) => server.close(resolve)));
      await refusedWith(`http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`, 'timestampRefused');
    });

    it('stamps another value than the signature (same nonce): timestampMismatch', async () => {
      const certificate = await issueTsaCertificate(fx.token.pki.paths, path.join(fx.dir, 'tsa-wrong'), 'intermediate', 'tsa');
      const wrong = await startTestTsa(path.join(fx.dir, 'tsa-wrong'), certificate, { wrongImprint: true });
      teardown.defer(() => wrong.close());
      await refusedWith(wrong.url, 'timestampMismatch');
      assert.equal(wrong.answered(), 2, 'it did answer');
    });

    it("its token's ESS signing-certificate names another certificate (same key) than the one it says signed it: timestampCertificateMismatch", async () => {
      const dir = path.join(fx.dir, 'tsa-twin');
      const certificate = await issueTsaCertificate(fx.token.pki.paths, dir, 'intermediate', 'tsa');
      const twin = await issueTsaCertificate(fx.token.pki.paths, dir, 'intermediate', 'twin', certificate.key);
      const lying = await startTestTsa(dir, certificate, { essNames: twin });
      teardown.defer(() => lying.close());
      await refusedWith(lying.url, 'timestampCertificateMismatch');
      assert.equal(lying.answered(), 2, 'it did answer');
    });

    it('an authority whose certificate is not from a pinned root: timestampUntrusted', async () => {
      const certificate = await issueTsaCertificate(fx.token.pki.paths, path.join(fx.dir, 'tsa-unknown'), 'unknownRoot', 'tsa');
      const unknown = await startTestTsa(path.join(fx.dir, 'tsa-unknown'), certificate);
      teardown.defer(() => unknown.close());
      await refusedWith(unknown.url, 'timestampUntrusted');
    });
  });

  it("the signer's certificate is judged as of a valid timestamp's time, else as of now: revoked after the timestamp, the B-T signature holds; revoked before it, or with no timestamp, it does not", async () => {
    const { paths } = fx.token.pki;
    const signedBefore = await signFile({ ...fx.request(fx.ec, await fx.letter('ký trước khi thu hồi (B-T).pdf')), timestamp: { url: tsa.url } });
    const plainBefore = await signFile(fx.request(fx.ec, await fx.letter('ký trước khi thu hồi (B-B).pdf')));
    const fileBefore = path.join(fx.dir, 'ký trước.txt');
    await writeFile(fileBefore, 'Biên bản\n');
    const p7sBefore = await signFile({ ...fx.request(fx.ec, fileBefore), timestamp: { url: tsa.url } });
    // Revocation dates and timestamp times are whole seconds: a clear second on each side.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await run('openssl', ['ca', '-config', paths.config, '-name', 'intermediate_ca', '-batch', '-revoke', paths.ecLeafCert, '-crl_reason', 'superseded']);
    const crl = path.join(fx.dir, 'revoked-ec.crl.pem');
    await run('openssl', ['ca', '-config', paths.config, '-name', 'intermediate_ca', '-batch', '-gencrl', '-crldays', '30', '-out', crl]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // fx.trust still holds the older CRL, so the signing goes ahead: a signer who has not yet heard.
    const signedAfter = await signFile({ ...fx.request(fx.ec, await fx.letter('ký sau khi thu hồi (B-T).pdf')), timestamp: { url: tsa.url } });

    const crls = new CrlCache(new MemoryCrlStore());
    for (const item of [await readFile(crl), fx.token.pki.rootCrlDer]) assert.equal((await crls.import(item, [fx.token.pki.rootPem, fx.token.pki.intermediatePem])).status, 'stored');
    const told = { ...fx.trust, crls };

    const before = await verifyPdf(await readFile(signedBefore.output), told);
    const [stamped] = before.signatures;
    assert.ok(stamped?.valid === true, JSON.stringify(before));
    assert.equal(before.valid, true);
    assert.deepEqual(stamped.signature.checkedAt, { basis: 'timestamp', time: stamped.signature.timestamp?.time });
    const p7s = await verifyFile(p7sBefore.output, told, fileBefore);
    assert.ok(p7s.format === 'p7s' && p7s.valid && p7s.signature?.checkedAt.basis === 'timestamp', JSON.stringify(p7s));

    const plain = await verifyPdf(await readFile(plainBefore.output), told);
    assert.deepEqual(plain.signatures.map((check) => [check.valid, check.valid ? undefined : check.problem]), [[false, 'signerRevoked']]);
    const after = await verifyPdf(await readFile(signedAfter.output), told);
    assert.deepEqual(after.signatures.map((check) => [check.valid, check.valid ? undefined : check.problem]), [[false, 'signerRevoked']]);

    // With the CRL that does not list it, the plain signature is judged as of now, and says so.
    const unrevoked = await verifyPdf(await readFile(plainBefore.output), fx.trust);
    const [now] = unrevoked.signatures;
    assert.ok(now?.valid === true);
    assert.equal(now.signature.checkedAt.basis, 'now');
    assert.ok(Math.abs(Date.parse(now.signature.checkedAt.time) - Date.now()) < 60_000);
  });
});
