// Document signatures (docs/signing.md) made on a real SoftHSM token and judged by outside
// verifiers: OpenSSL's `cms -verify` for .p7s files, poppler's `pdfsig` with an NSS database
// trusting the test root for PDFs. pdfsig exits 0 whatever it finds, so its text is read.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Core } from '../../../electron/core/core.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import type { SignerTrust } from '../../../electron/core/documents/container-reader.js';
import { signFile, verifyFile } from '../../../electron/core/document-signing/document-signing.js';
import { withIncrementalUpdate } from '../../../electron/core/document-signing/pdf-incremental-placeholder.js';
import { verifyPdf } from '../../../electron/core/document-signing/pdf-signature-verifier.js';
import { SignatureError } from '../../../electron/core/document-signing/signature-error.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import type { SoftHsmToken } from '../../support/softhsm-token.js';
import { run, signingFixture, type SigningFixture } from '../../support/signing-fixture.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { until } from '../../support/token-core.js';

const problemOf = (error: unknown): string => (error instanceof SignatureError ? error.problem : `other:${String(error)}`);

describe('document signatures: PAdES B-B PDFs and detached .p7s, signed on the SoftHSM token', () => {
  const teardown = teardownAfterSuite();
  let fx: SigningFixture;
  let token: SoftHsmToken;
  let core: Core;
  let dir: string;
  let rsa: TokenKeyHolder;
  let ec: TokenKeyHolder;
  let trust: SignerTrust;

  before(async () => {
    fx = await signingFixture(teardown);
    ({ token, core, dir, rsa, ec, trust } = fx);
  });

  const request = (...args: Parameters<SigningFixture['request']>) => fx.request(...args);
  const pdfsig = (file: string): Promise<string> => fx.pdfsig(file);
  const letter = (name: string): Promise<string> => fx.letter(name);

  describe('.p7s', () => {
    it('OpenSSL accepts the .p7s Airlock made (RSA-PSS and ECDSA) and refuses it for a changed file', async () => {
      const file = path.join(dir, 'báo cáo.bin');
      await writeFile(file, Buffer.alloc(3 * 1024 * 1024 + 17, 'Tối mật? Không: dữ liệu thử. '));
      for (const holder of [rsa, ec]) {
        const signed = await signFile(request(holder, file, path.join(dir, `report-${holder.signer.scheme}.p7s`)));
        assert.equal(signed.format, 'p7s');
        const ok = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signed.output, '-content', file, '-CAfile', token.pki.paths.rootCert, '-purpose', 'any', '-out', '/dev/null']);
        assert.match(ok.stderr, /Verification successful/);
        const verified = await verifyFile(signed.output, trust, file);
        assert.equal(verified.valid, true);
        assert.ok(verified.format === 'p7s' && verified.signature?.signingTime !== undefined);
      }
      const changed = path.join(dir, 'báo cáo (sửa).bin');
      await copyFile(file, changed);
      await appendFile(changed, 'x');
      const signature = path.join(dir, `report-ecdsaSha256.p7s`);
      await assert.rejects(run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signature, '-content', changed, '-CAfile', token.pki.paths.rootCert, '-purpose', 'any', '-out', '/dev/null']), /content verify error|digest failure/i);
      const verdict = await verifyFile(signature, trust, changed);
      assert.deepEqual([verdict.valid, verdict.format === 'p7s' ? verdict.problem : ''], [false, 'tampered']);
    });

    it('Airlock verifies .p7s files made by `openssl cms -sign` with RSA-PSS and with ECDSA, on the token', async () => {
      const file = path.join(dir, 'from-openssl.txt');
      await writeFile(file, 'Biên bản họp ngày 4/12/2026\n');
      for (const [key, cert, opts, name] of [
        [token.keys.rsa.uri, token.pki.paths.rsaLeafCert, ['-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:32'], token.pki.subjects.rsaLeaf.CN],
        [token.keys.ec.uri, token.pki.paths.ecLeafCert, [], token.pki.subjects.ecLeaf.CN],
      ] as const) {
        const out = path.join(dir, `openssl-${path.basename(cert)}.p7s`);
        await token.openssl(['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', file, '-out', out, '-signer', cert, '-certfile', token.pki.paths.intermediateCert, '-engine', 'pkcs11', '-keyform', 'engine', '-inkey', key, '-passin', `pass:${token.userPin}`, ...opts]);
        const verdict = await verifyFile(out, trust, file);
        assert.ok(verdict.format === 'p7s' && verdict.valid, JSON.stringify(verdict));
        assert.equal(verdict.signature?.signer.commonName, name);
        assert.ok(verdict.signature?.signingTime !== undefined, 'OpenSSL adds signing-time');
        const other = await verifyFile(out, trust, path.join(dir, 'báo cáo.bin'));
        assert.deepEqual([other.valid, other.format === 'p7s' ? other.problem : ''], [false, 'tampered']);
      }
    });
  });

  describe('PAdES', () => {
    for (const kind of ['rsa', 'ec'] as const) {
      it(`pdfsig finds one and then two ${kind.toUpperCase()} signatures valid and trusted; Airlock agrees`, async () => {
        const holder = kind === 'rsa' ? rsa : ec;
        const original = await letter(`công văn ${kind}.pdf`);
        const before = await readFile(original);
        const once = await signFile(request(holder, original));
        assert.equal(path.basename(once.output), `công văn ${kind} (đã ký).pdf`);
        assert.deepEqual(await readFile(original), before, 'the original is only read');
        const first = await pdfsig(once.output);
        assert.match(first, /Signature #1:/);
        assert.match(first, /Signature Validation: Signature is Valid\./);
        assert.match(first, /Certificate Validation: Certificate is Trusted\./);
        assert.match(first, /Signature Type: ETSI\.CAdES\.detached/);
        assert.match(first, /Total document signed/);

        const twice = await signFile(request(kind === 'rsa' ? ec : rsa, once.output));
        const second = await pdfsig(twice.output);
        assert.equal(second.match(/Signature is Valid\./g)?.length, 2, second);
        assert.equal(second.match(/Certificate is Trusted\./g)?.length, 2, second);
        const verdict = await verifyPdf(await readFile(twice.output), trust);
        assert.equal(verdict.valid, true, JSON.stringify(verdict));
        assert.deepEqual(verdict.signatures.map((check) => [check.valid, check.coverage]), [[true, 'signaturesAppended'], [true, 'wholeDocument']]);
      });
    }

    it('a PDF whose objects sit in object streams (a cross-reference stream, as most office exports): signed twice, poppler reads it without a repair', async () => {
      const doc = await PDFDocument.create();
      doc.addPage().drawText('Cong van nen (object streams)', { font: await doc.embedFont(StandardFonts.Helvetica) });
      const original = path.join(dir, 'nén.pdf');
      await writeFile(original, await doc.save({ useObjectStreams: true }));
      const once = await signFile(request(ec, original));
      const twice = await signFile(request(rsa, once.output));
      const checked = await run('pdfsig', ['-nssdir', `sql:${fx.nssDir}`, twice.output]);
      assert.equal(checked.stdout.match(/Signature is Valid\./g)?.length, 2, checked.stdout);
      assert.equal(checked.stderr, '', 'no xref error or reconstruction');
      const info = await run('pdfinfo', [twice.output]);
      assert.deepEqual([info.stderr, /Pages:\s+1\n/.test(info.stdout)], ['', true]);
      assert.equal((await verifyPdf(await readFile(twice.output), trust)).valid, true);
    });

    it('a PDF changed after signing: pdfsig and Airlock both say so, for bytes changed inside and for a page appended after', async () => {
      const signed = await signFile(request(ec, await letter('đổi sau khi ký.pdf')));
      const bytes = await readFile(signed.output);
      const flipped = Buffer.from(bytes);
      const at = flipped.indexOf('Cong van');
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      const inside = path.join(dir, 'inside.pdf');
      await writeFile(inside, flipped);
      assert.match(await pdfsig(inside), /Signature is Invalid|Digest Mismatch/);
      const insideVerdict = await verifyPdf(flipped, trust);
      assert.deepEqual([insideVerdict.valid, insideVerdict.signatures[0]?.valid, insideVerdict.signatures[0]?.valid === false ? insideVerdict.signatures[0].problem : ''], [false, false, 'tampered']);

      // An appended page, as an incremental update (what a forger would do to keep the signature intact).
      const changed = await withIncrementalUpdate(bytes, async (doc) => {
        doc.addPage().drawText('Added after signing', { font: await doc.embedFont(StandardFonts.Helvetica) });
      });
      const after = path.join(dir, 'after.pdf');
      await writeFile(after, changed);
      assert.match(await pdfsig(after), /Not total document signed/);
      const afterVerdict = await verifyPdf(changed, trust);
      assert.equal(afterVerdict.valid, false);
      assert.deepEqual(afterVerdict.signatures.map((check) => [check.valid, check.coverage]), [[true, 'changesAppended']]);
    });

    it('Airlock verifies a PDF signed by `pdfsig -add-signature` (NSS, adbe.pkcs7.detached: poppler 22.12 refuses -etsi with it; an ECDSA P-256 key)', async () => {
      // NSS cannot reach the SoftHSM token through this database, so a fresh leaf of the test
      // intermediate with a key file is imported into it (the real thing: pdfsig's own signing).
      const signingDb = path.join(dir, 'nss-signing');
      await run('mkdir', [signingDb]);
      await run('certutil', ['-N', '-d', `sql:${signingDb}`, '--empty-password']);
      const key = path.join(dir, 'nss-leaf.key');
      const csr = path.join(dir, 'nss-leaf.csr');
      const cert = path.join(dir, 'nss-leaf.pem');
      const ext = path.join(dir, 'nss-leaf.ext');
      await writeFile(ext, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
      await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', csr, '-subj', '/C=VN/O=Văn phòng UBND tỉnh/CN=Lê Văn Cường', '-utf8']);
      await run('openssl', ['x509', '-req', '-in', csr, '-CA', token.pki.paths.intermediateCert, '-CAkey', token.pki.paths.intermediateKey, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', ext, '-out', cert]);
      const p12 = path.join(dir, 'nss-leaf.p12');
      await run('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-certfile', token.pki.paths.intermediateCert, '-name', 'cuong', '-out', p12, '-passout', 'pass:test']);
      await run('pk12util', ['-i', p12, '-d', `sql:${signingDb}`, '-W', 'test']);
      const original = await letter('ký bằng pdfsig.pdf');
      const signed = path.join(dir, 'pdfsig-signed.pdf');
      // poppler 22.12 sizes /Contents from a trial signature, and an ECDSA signature's DER length
      // varies by a byte or two: about half its attempts end "unable update signature" (exit 3, seen
      // 5 of 8 by hand). A failed attempt writes nothing; it is tried again, up to 20 times.
      for (let attempt = 1; ; attempt++) {
        const tried = await run('pdfsig', ['-nssdir', `sql:${signingDb}`, '-add-signature', '-nick', 'cuong', '-kpw', '', '-reason', 'Phe duyet', original, signed]).then(() => true, (error: { code?: number }) => (error.code === 3 && attempt < 20 ? false : Promise.reject(error)));
        if (tried) break;
      }
      assert.match(await pdfsig(signed), /Signature is Valid\./);
      const verdict = await verifyPdf(await readFile(signed), trust);
      assert.equal(verdict.valid, true, JSON.stringify(verdict));
      assert.ok(verdict.signatures[0]?.valid);
      assert.equal(verdict.signatures[0].signature.signer.commonName, 'Lê Văn Cường');
      assert.equal(verdict.signatures[0].coverage, 'wholeDocument');
      // An Airlock signature after poppler's: both still hold, for pdfsig and for Airlock.
      const countersigned = await signFile(request(rsa, signed));
      assert.equal((await pdfsig(countersigned.output)).match(/Signature is Valid\./g)?.length, 2);
      const both = await verifyPdf(await readFile(countersigned.output), trust);
      assert.deepEqual(both.signatures.map((check) => [check.valid, check.coverage]), [[true, 'signaturesAppended'], [true, 'wholeDocument']]);
    });

    it('wrong signer states each give their own error and leave no file: revoked signer', async () => {
      const original = await letter('thu hồi.pdf');
      const revoked = opensslSigner(token.openssl, token.pki.paths.revokedLeafKey, token.pki.revokedLeafPem, 'ecdsaSha256');
      const listing = await readdir(dir);
      await assert.rejects(signFile(request(revoked, original)), (error) => problemOf(error) === 'signerRevoked');
      await assert.rejects(signFile({ ...request(revoked, original), format: 'p7s' }), (error) => problemOf(error) === 'signerRevoked');
      assert.deepEqual(await readdir(dir), listing, 'no output, no temporary file');
      assert.ok(!existsSync(path.join(dir, 'thu hồi (đã ký).pdf')));
    });

    it('a token pulled out (its process killed, as SoftHSM allows) fails the signing with a token error and leaves no file', async () => {
      const original = await letter('rút thiết bị.pdf');
      const listing = await readdir(dir);
      const pid = core.services.tokens?.processId;
      assert.ok(pid !== undefined);
      process.kill(pid, 'SIGKILL');
      await until(() => core.services.session.state().locked, 'the lock');
      await assert.rejects(signFile(request(rsa, original)), (error) => error instanceof DomainError && error.code.startsWith('token.'));
      await assert.rejects(signFile({ ...request(ec, original), format: 'p7s' }), (error) => error instanceof DomainError && error.code.startsWith('token.'));
      assert.deepEqual(await readdir(dir), listing, 'no output, no temporary file');
    });
  });
});
