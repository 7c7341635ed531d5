// `airlock sign` / `airlock verify-signature` as a script runs them: exit codes, one JSON line,
// outputs under free names, nothing written on a wrong PIN.
import assert from 'node:assert/strict';
import { appendFile, copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { cliFolder, type CliFolder } from '../../support/airlock-cli.js';
import { brokenPdf } from '../../support/broken-pdfs.js';
import { run } from '../../support/signing-fixture.js';
import { closedPortUrl, issueTsaCertificate, startTestTsa } from '../../support/test-tsa.js';
import { coreApi } from '../../support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { realTokenLauncher, tokenCore, unlockedKeyHolders } from '../../support/token-core.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { textPdf } from '../../support/text-pdf.js';

describe('airlock sign / verify-signature with the SoftHSM token', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let folder: CliFolder;
  const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => folder.run([...args, '--json', ...folder.crlArgs], env);

  before(async () => {
    token = await teardown.fixture(createSoftHsmToken());
    folder = await cliFolder(token);
    teardown.defer(() => import('node:fs/promises').then(({ rm }) => rm(folder.dir, { recursive: true, force: true })));
    await writeFile(path.join(folder.dir, 'Quyết định.pdf'), textPdf([['Quyet dinh so 7/QD-UBND']]));
    await writeFile(path.join(folder.dir, 'bảng lương.csv'), 'họ tên;lương\nAn;10\n');
  });

  it('signs a PDF twice (EC, then RSA) without touching the original; verify-signature says valid, exit 0', async () => {
    const original = await readFile(path.join(folder.dir, 'Quyết định.pdf'));
    const first = await cli(['sign', '--in', 'Quyết định.pdf', '--key', 'ec']);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual([first.json?.['format'], path.basename(String(first.json?.['output']))], ['pades', 'Quyết định (đã ký).pdf']);
    const second = await cli(['sign', '--in', 'Quyết định (đã ký).pdf', '--key', 'rsa', '--out', 'Quyết định (đã ký).pdf']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(path.basename(String(second.json?.['output'])), 'Quyết định (đã ký) (2).pdf', 'a taken name is never overwritten');
    assert.deepEqual(await readFile(path.join(folder.dir, 'Quyết định.pdf')), original);
    const verdict = await cli(['verify-signature', '--in', 'Quyết định (đã ký) (2).pdf'], { AIRLOCK_PKCS11_MODULES: '/nonexistent.so' });
    assert.equal(verdict.code, 0, verdict.stderr);
    assert.equal(verdict.json?.['valid'], true);
    assert.equal((verdict.json?.['signatures'] as unknown[]).length, 2);
  });

  it('signs any file as a .p7s; a changed file is refused with exit 5 and signature.tampered', async () => {
    const signed = await cli(['sign', '--in', 'bảng lương.csv']);
    assert.equal(signed.code, 0, signed.stderr);
    assert.equal(path.basename(String(signed.json?.['output'])), 'bảng lương.csv.p7s');
    const ok = await cli(['verify-signature', '--in', 'bảng lương.csv.p7s', '--content', 'bảng lương.csv']);
    assert.deepEqual([ok.code, ok.json?.['valid']], [0, true]);
    await copyFile(path.join(folder.dir, 'bảng lương.csv'), path.join(folder.dir, 'sửa.csv'));
    await appendFile(path.join(folder.dir, 'sửa.csv'), 'Bình;99\n');
    const bad = await cli(['verify-signature', '--in', 'bảng lương.csv.p7s', '--content', 'sửa.csv']);
    assert.deepEqual([bad.code, bad.json?.['ok'], bad.json?.['problem']], [5, false, 'signature.tampered']);
  });

  it("records signing and checking in the workstation's audit log (document.signed, document.signatureVerified), refusals with their code", async () => {
    const workstation = path.join(folder.dir, 'workstation');
    const app = () => tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem], dataDir: workstation }).core;
    const first = app();
    await first.start();
    await unlockedKeyHolders(first, token);
    first.stop();
    const at = { AIRLOCK_DATA_DIR: workstation };
    const signed = await cli(['sign', '--in', 'bảng lương.csv', '--out', 'nhật ký.p7s'], at);
    assert.deepEqual([signed.code, signed.json?.['audited']], [0, true], signed.stderr);
    assert.equal((await cli(['verify-signature', '--in', 'nhật ký.p7s', '--content', 'bảng lương.csv'], at)).code, 0);
    assert.equal((await cli(['verify-signature', '--in', 'nhật ký.p7s', '--content', 'Quyết định.pdf'], at)).code, 5);

    const next = app();
    await next.start();
    try {
      await unlockedKeyHolders(next, token);
      const api = coreApi(next);
      const made = await api.audit.query({ kind: 'document.signed' });
      const checked = await api.audit.query({ kind: 'document.signatureVerified' });
      assert.ok(made.ok && checked.ok);
      const rows = (entries: typeof made.value) => entries.filter((entry) => entry.details['via'] === 'cli').map((entry) => [entry.result, entry.details['file'], entry.details['code'] ?? null]);
      assert.deepEqual(rows(made.value), [['ok', 'bảng lương.csv', null]]);
      assert.equal(made.value[0]?.details['target'], 'nhật ký.p7s');
      assert.deepEqual(rows(checked.value).sort(), [['ok', 'nhật ký.p7s', null], ['refused', 'nhật ký.p7s', 'signature.tampered']].sort());
    } finally {
      next.stop();
    }
  });

  it('--visible and --tsa: a visible, timestamped signature verify-signature reports; an authority down is exit 10, a block off the page exit 2, and no file', async () => {
    const certificate = await issueTsaCertificate(token.pki.paths, path.join(folder.dir, 'tsa'), 'intermediate', 'tsa');
    const tsa = await startTestTsa(path.join(folder.dir, 'tsa'), certificate);
    teardown.defer(() => tsa.close());
    const signed = await cli(['sign', '--in', 'Quyết định.pdf', '--key', 'ec', '--out', 'Quyết định (B-T).pdf', '--visible', '1,300,60,260,70', '--tsa', tsa.url]);
    assert.equal(signed.code, 0, signed.stderr);
    assert.deepEqual([signed.json?.['visible'], signed.json?.['timestamped']], [true, true]);
    const output = String(signed.json?.['output']);
    assert.match((await run('pdftotext', [output, '-'])).stdout, /Ký bởi: Trần Thị Bình/);
    const verdict = await cli(['verify-signature', '--in', 'Quyết định (B-T).pdf']);
    assert.equal(verdict.code, 0, verdict.stderr);
    const [first] = verdict.json?.['signatures'] as { signature: { timestamp: { valid: boolean; matches: boolean; time: string } } }[];
    assert.deepEqual([first?.signature.timestamp.valid, first?.signature.timestamp.matches], [true, true]);
    assert.ok(Number.isFinite(Date.parse(first?.signature.timestamp.time ?? '')));

    const listing = await readdir(folder.dir);
    const down = await cli(['sign', '--in', 'Quyết định.pdf', '--tsa', await closedPortUrl()]);
    assert.deepEqual([down.code, down.json?.['problem']], [10, 'signature.timestampUnreachable']);
    const offPage = await cli(['sign', '--in', 'Quyết định.pdf', '--visible', '2,10,10,200,60']);
    assert.deepEqual([offPage.code, offPage.json?.['problem']], [2, 'signature.visibleBoxInvalid']);
    const garbled = await cli(['sign', '--in', 'Quyết định.pdf', '--visible', '1,10,10,200']);
    assert.equal(garbled.code, 2);
    assert.match(garbled.stderr, /--visible must be PAGE,X,Y,W,H/);
    assert.deepEqual(await readdir(folder.dir), listing, 'nothing written');
  });

  it('a PDF without catalog, without cross-reference table, or cut short: exit 5 and signature.notPdf, for sign and verify-signature alike, and no file', async () => {
    for (const kind of ['noCatalog', 'noXref', 'truncated'] as const) await writeFile(path.join(folder.dir, `hỏng ${kind}.pdf`), brokenPdf(kind));
    const listing = await readdir(folder.dir);
    for (const kind of ['noCatalog', 'noXref', 'truncated'] as const) {
      const checked = await cli(['verify-signature', '--in', `hỏng ${kind}.pdf`]);
      assert.deepEqual([kind, checked.code, checked.json?.['problem']], [kind, 5, 'signature.notPdf'], checked.stderr);
      const signed = await cli(['sign', '--in', `hỏng ${kind}.pdf`]);
      assert.deepEqual([kind, signed.code, signed.json?.['problem']], [kind, 5, 'signature.notPdf'], signed.stderr);
    }
    assert.deepEqual(await readdir(folder.dir), listing, 'nothing written');
  });

  it('a wrong PIN: exit 3, token.pinIncorrect, and no file written', async () => {
    const listing = await readdir(folder.dir);
    const wrong = await cli(['sign', '--in', 'Quyết định.pdf'], { AIRLOCK_PIN: '000000' });
    assert.deepEqual([wrong.code, wrong.json?.['problem']], [3, 'token.pinIncorrect']);
    assert.deepEqual(await readdir(folder.dir), listing);
  });
});
