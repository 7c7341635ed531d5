// Signing and checking from the app (signing.* channels) on the real core and a SoftHSM token: the
// job's events, a new file under a free name (pdfsig's word on it), the report the screen shows,
// the audit entries, and each refusal's own code with no file left.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { signingJobs, trustingNssDb, type SigningJobs } from '../../support/signing-jobs.js';
import { startedTokenCore } from '../../support/token-core.js';
import { brokenPdf } from '../../support/broken-pdfs.js';
import { textPdf } from '../../support/text-pdf.js';

const run = promisify(execFile);

describe('signing and checking documents from the app (SoftHSM token, pdfsig)', () => {
  let token: SoftHsmToken;
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let nssDir: string;
  let jobs: SigningJobs;
  const signers = (): string[] => [token.pki.subjects.rsaLeaf.CN, token.pki.subjects.ecLeaf.CN];

  before(async () => {
    token = await createSoftHsmToken();
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-signing-app-'));
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data')));
    jobs = signingJobs(api);
    assert.ok((await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: token.userPin })).ok);
    nssDir = path.join(dir, 'nss');
    await trustingNssDb(nssDir, token.pki.paths.rootCert);
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  const jobId = (): string => jobs.jobId();
  const signed = async (request: Parameters<AirlockApi['signing']['sign']>[0]): Promise<EventPayload<'documents.finished'>> => {
    const job = jobId();
    const started = await api.signing.sign({ ...request, job });
    assert.ok(started.ok, JSON.stringify(started));
    return await jobs.ended(job);
  };
  const letter = async (name: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, textPdf([['Quyet dinh so 7/QD-UBND', 'Phe duyet ke hoach nam 2027']]));
    return file;
  };
  const audited = async (kind: 'document.signed' | 'document.signatureVerified') => {
    const entries = await api.audit.query({ kind });
    assert.ok(entries.ok);
    // Oldest first (the log answers newest first).
    return entries.value.toReversed().map((entry) => [entry.result, entry.details['file'], entry.details['target'] ?? entry.details['code'] ?? null]);
  };

  it('signs a PDF as a new file beside it, never over the original nor an earlier signed copy; pdfsig says valid and trusted', async () => {
    const source = await letter('Quyết định 7.pdf');
    const original = await readFile(source);
    const preview = await api.signing.preview({ path: source });
    assert.ok(preview.ok && preview.value.pdf !== null);
    assert.deepEqual([preview.value.fileName, Buffer.from(preview.value.pdf, 'base64')], ['Quyết định 7.pdf', original]);

    const first = await signed({ source });
    assert.deepEqual(first, { job: first.job, ok: true, output: path.join(dir, 'Quyết định 7 (đã ký).pdf') });
    const again = await signed({ source });
    assert.ok(again.ok);
    assert.equal(again.output, path.join(dir, 'Quyết định 7 (đã ký) (2).pdf'), 'a taken name is never overwritten');
    assert.deepEqual(await readFile(source), original);
    const said = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, first.output])).stdout;
    assert.match(said, /Signature is Valid\./);
    assert.match(said, /Certificate is Trusted\./);
    assert.match(said, /Total document signed/);
    assert.deepEqual((await audited('document.signed')).slice(-2), [
      ['ok', 'Quyết định 7.pdf', 'Quyết định 7 (đã ký).pdf'],
      ['ok', 'Quyết định 7.pdf', 'Quyết định 7 (đã ký) (2).pdf'],
    ]);
  });

  it('checks the signed PDF: the signer by name, the whole document covered, the claimed time; a changed copy is reported tampered', async () => {
    const file = path.join(dir, 'Quyết định 7 (đã ký).pdf');
    const report = await api.signing.verify({ path: file });
    assert.ok(report.ok, JSON.stringify(report));
    assert.equal(report.value.verdict, 'valid');
    const [check] = report.value.signatures;
    assert.ok(check?.valid === true && check.signer !== undefined);
    assert.ok(signers().includes(check.signer.name), check.signer.name);
    assert.deepEqual([check.coverage, check.timeKind, check.field], ['wholeDocument', 'claimed', 'Signature1']);
    assert.ok(Math.abs(Date.parse(check.time ?? '') - Date.now()) < 5 * 60_000);

    const bytes = await readFile(file);
    const at = bytes.indexOf('Phe duyet');
    bytes.write('Huy  bo  ', at, 'latin1');
    const tampered = path.join(dir, 'bị sửa.pdf');
    await writeFile(tampered, bytes);
    const verdict = await api.signing.verify({ path: tampered });
    assert.ok(verdict.ok);
    assert.equal(verdict.value.verdict, 'invalid');
    assert.deepEqual(verdict.value.signatures.map((item) => [item.valid, item.problem, item.signer]), [[false, 'tampered', undefined]]);
    assert.match((await run('pdfsig', ['-nssdir', `sql:${nssDir}`, tampered])).stdout, /Signature is Invalid|Digest Mismatch/);
    assert.deepEqual((await audited('document.signatureVerified')).slice(-2), [
      ['ok', 'Quyết định 7 (đã ký).pdf', null],
      ['refused', 'bị sửa.pdf', 'signature.tampered'],
    ]);
  });

  it('signs any other file as a .p7s that openssl accepts, and checks it against the file of the same name', async () => {
    const source = path.join(dir, 'bảng lương.csv');
    await writeFile(source, 'họ tên;lương\nAn;10\n');
    const end = await signed({ source });
    assert.ok(end.ok);
    assert.equal(end.output, `${source}.p7s`);
    const openssl = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', end.output, '-content', source, '-CAfile', token.pki.paths.rootCert, '-purpose', 'any', '-out', '/dev/null']);
    assert.match(openssl.stderr, /Verification successful/);
    const report = await api.signing.verify({ path: end.output });
    assert.ok(report.ok);
    assert.equal(report.value.format, 'p7s');
    assert.deepEqual(report.value.signatures.map((check) => [check.valid, check.timeKind, check.time !== undefined]), [[true, 'signed', true]]);
    const changed = path.join(dir, 'bảng lương (sửa).csv');
    await copyFile(source, changed);
    await appendFile(changed, 'Bình;99\n');
    const refused = await api.signing.verify({ path: end.output, content: changed });
    assert.ok(refused.ok);
    assert.deepEqual([refused.value.verdict, refused.value.signatures[0]?.problem], ['invalid', 'tampered']);
  });

  it('refuses with its own code and leaves nothing: a damaged PDF, a PDF without signature, a missing folder, a non-PDF asked as PAdES', async () => {
    const damaged = path.join(dir, 'hỏng.pdf');
    await writeFile(damaged, '%PDF-1.7\nkhông phải PDF\n');
    const before = await readdir(dir);
    assert.deepEqual(await api.signing.verify({ path: damaged }), { ok: false, error: { code: 'signature.notPdf', messageKey: 'error.signature.notPdf' } });
    const plain = await letter('chưa ký.pdf');
    const unsigned = await api.signing.verify({ path: plain });
    assert.ok(!unsigned.ok && unsigned.error.code === 'signature.noSignature');
    const started = await api.signing.sign({ source: damaged, job: jobId() });
    // Checked at once, the job runs: a PDF pdf-lib cannot read ends the job with signature.notPdf.
    assert.ok(started.ok);
    const end = await jobs.ended(started.value.job);
    assert.ok(!end.ok && end.error.code === 'signature.notPdf', JSON.stringify(end));
    // Structurally broken: the core's own reading names it notPdf (no catalog, no xref, cut short), checked and signed alike.
    for (const kind of ['noCatalog', 'noXref', 'truncated'] as const) {
      const broken = path.join(dir, `hỏng ${kind}.pdf`);
      await writeFile(broken, brokenPdf(kind));
      before.push(path.basename(broken));
      assert.deepEqual([kind, await api.signing.verify({ path: broken })], [kind, { ok: false, error: { code: 'signature.notPdf', messageKey: 'error.signature.notPdf' } }]);
      const job = await api.signing.sign({ source: broken, job: jobId() });
      assert.ok(job.ok);
      const ended = await jobs.ended(job.value.job);
      assert.ok(!ended.ok && ended.error.code === 'signature.notPdf', `${kind}: ${JSON.stringify(ended)}`);
    }
    const noFolder = await api.signing.sign({ source: plain, output: path.join(dir, 'không có', 'x.pdf') });
    assert.ok(!noFolder.ok && noFolder.error.code === 'document.invalidPath');
    const csv = path.join(dir, 'bảng lương.csv');
    const notPdf = await api.signing.sign({ source: csv, format: 'pades' });
    assert.ok(!notPdf.ok && notPdf.error.code === 'signature.notPdf');
    assert.deepEqual((await readdir(dir)).sort(), [...before, 'chưa ký.pdf'].sort(), 'no output, no temporary file');
  });

  it('a PDF on read-only media: refused at once as folderNotWritable (choose another place), before the token is asked; audited; nothing written', async () => {
    const media = await mkdtemp(path.join(tmpdir(), 'airlock-readonly-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', media]);
      try {
        await writeFile(path.join(media, 'Tờ trình.pdf'), textPdf([['To trinh so 5']]));
        execFileSync('mount', ['-o', 'remount,ro', media]);
        const refused = await api.signing.sign({ source: path.join(media, 'Tờ trình.pdf') });
        assert.deepEqual(refused, { ok: false, error: { code: 'document.folderNotWritable', messageKey: 'error.document.folderNotWritable' } });
        assert.deepEqual(await readdir(media), ['Tờ trình.pdf']);
        assert.deepEqual((await audited('document.signed')).at(-1), ['refused', 'Tờ trình.pdf', 'document.folderNotWritable']);
      } finally {
        execFileSync('umount', ['--lazy', media]);
      }
    } finally {
      await rm(media, { recursive: true, force: true });
    }
  });

  it('a visible block where the screen placed it: pdfsig finds the signature valid and the block on page 2; a page the PDF lacks, or a visible .p7s, is refused; nothing is signed while locked', async () => {
    assert.deepEqual(await api.signing.options({}), { ok: true, value: { visible: true, timestamp: false, pinPerSignature: false } }, 'no zone live: no timestamp authority');
    const source = path.join(dir, 'Tờ trình 2 trang.pdf');
    await writeFile(source, textPdf([['To trinh so 9'], ['Trang ky: lanh dao don vi']]));
    const end = await signed({ source, appearance: { kind: 'visible', placement: { page: 2, x: 5 / 6, y: 7 / 8 } } });
    assert.ok(end.ok, JSON.stringify(end));
    const said = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, end.output])).stdout;
    assert.match(said, /Signature is Valid\./);
    // The block's words are on the page the screen named, and only there (poppler's text of page 2 and page 1).
    const page = async (number: number) => (await run('pdftotext', ['-f', String(number), '-l', String(number), end.output, '-'])).stdout;
    const signer = (await api.signing.verify({ path: end.output }));
    assert.ok(signer.ok && signer.value.verdict === 'valid');
    const name = signer.value.signatures[0]?.signer?.name ?? '';
    assert.ok(name !== '' && (await page(2)).includes(name), `the signer's name on page 2: ${await page(2)}`);
    assert.ok(!(await page(1)).includes(name));

    const offPage = await signed({ source, appearance: { kind: 'visible', placement: { page: 3, x: 0.5, y: 0.5 } } });
    assert.ok(!offPage.ok && offPage.error.code === 'signature.visibleBoxInvalid', JSON.stringify(offPage));
    const csv = await api.signing.sign({ source: path.join(dir, 'bảng lương.csv'), appearance: { kind: 'visible', placement: { page: 1, x: 0.5, y: 0.5 } } });
    assert.ok(!csv.ok && csv.error.code === 'ipc.invalidRequest');
    await api.session.lock({});
    const locked = await api.signing.sign({ source });
    assert.ok(!locked.ok && locked.error.code === 'session.locked');
  });
});
