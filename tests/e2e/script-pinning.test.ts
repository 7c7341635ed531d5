import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import { encryptContainer } from '../../electron/core/documents/container-writer.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { BUILT_RENDERER, launchApp } from '../support/chromium-shell.js';
import { builtScripts, pageLogSinceLaunch, scriptsFetched } from '../support/script-pins.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { importTestCrls, pemToDer } from '../support/softhsm/test-pki.js';
import { textPdf } from '../support/text-pdf.js';
import { tokenKeyPair } from '../support/token-core.js';

/**
 * A copy of the built renderer in which one byte of one script differs from what index.html pins:
 * a letter's case inside a string literal of that script, so the file is still valid JavaScript
 * and only its integrity can make the page refuse it.
 */
function copyWithOneByteChanged(pick: (scripts: ReturnType<typeof builtScripts>) => string | undefined): { root: string; changed: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'airlock-pins-'));
  cpSync(BUILT_RENDERER, root, { recursive: true });
  const changed = pick(builtScripts(root));
  if (changed === undefined) throw new Error(`no such script pinned in ${BUILT_RENDERER}/index.html`);
  const file = path.join(root, changed);
  const code = readFileSync(file);
  const at = code.indexOf('`Invalid');
  if (at < 0) throw new Error(`${changed} has no string literal to change`);
  code[at + 1] = 'i'.charCodeAt(0);
  writeFileSync(file, code);
  return { root, changed };
}

/** Polls the page's log (refusals included) until an entry matches: a generous bound, never a speed claim. */
async function logEntry(page: Page, pattern: RegExp): Promise<string> {
  for (let tries = 0; tries < 100; tries++) {
    const found = (await pageLogSinceLaunch(page)).find((entry) => pattern.test(entry));
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no log entry matching ${pattern}: ${(await pageLogSinceLaunch(page)).join('\n')}`);
}

describe('every script the page runs is pinned by its bytes, pdf.js chunk included (Chromium shell, a copy of dist/renderer)', () => {
  const copies: string[] = [];
  after(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  });

  describe('the pdf.js chunk changed by one byte', () => {
    let token: SoftHsmToken | undefined;
    let shell: ChromiumShell | undefined;
    let core: Core | undefined;
    let changed = '';
    let entry = '';
    after(async () => {
      await shell?.close();
      core?.stop();
      await token?.cleanup();
    });
    before(async () => {
      const copy = copyWithOneByteChanged((scripts) => scripts.lazy.find((file) => /\/PdfDocument-[\w-]+\.js$/.test(file)));
      copies.push(copy.root);
      changed = copy.changed;
      entry = builtScripts(copy.root).entry;
      // A script dropped into the app folder: served ('self'), but pinned nowhere.
      writeFileSync(path.join(copy.root, 'assets', 'dropped.js'), 'globalThis.dropped = true;');
      token = await createSoftHsmToken();
      ({ shell, core } = await launchApp(token, { rendererRoot: copy.root }));
      await importTestCrls(core.services.crls, token.pki);
    });

    it('the lock screen still comes up: only the entry is fetched at launch, and it is intact', async () => {
      assert.ok(shell);
      await shell.page.getByRole('heading', { level: 1, name: translate('vi', 'lock.title') }).waitFor();
      assert.deepEqual((await pageLogSinceLaunch(shell.page)).filter((line) => /integrity|Content Security Policy/i.test(line)), []);
      assert.deepEqual(await scriptsFetched(shell.page), [entry]);
    });

    it('opening a PDF: the page refuses the changed chunk, the viewer says it could not start, and the app goes on', async () => {
      assert.ok(shell && core && token);
      const page = shell.page;
      await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(token.userPin);
      await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
      await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
      const { rsa, ec } = await tokenKeyPair(core, token);
      await encryptContainer({
        source: { kind: 'stream', stream: Readable.from([textPdf([['Bao cao']])]) },
        output: path.join(token.dir, 'bao-cao.alc'),
        label: { level: 'unclassified', caveats: [], originator: 'Văn phòng Tỉnh uỷ', date: '2026-11-25', declassifyOn: null },
        metadata: { fileName: 'Báo cáo.pdf', mediaType: 'application/pdf' },
        recipients: [rsa.certificateDer],
        signer: ec.signer,
        chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))],
      });
      await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).getByRole('button', { name: translate('vi', 'screen.documents.name'), exact: true }).click();
      // The typed path sits folded behind "Nhập đường dẫn" since the file chooser (#13).
      const field = page.getByLabel(translate('vi', 'documents.open.pathLabel'));
      await page.locator('details.typed-path', { has: field }).locator('summary').click();
      await field.fill(path.join(token.dir, 'bao-cao.alc'));
      await page.getByRole('button', { name: translate('vi', 'documents.open.submit') }).click();
      await page.getByText(translate('vi', 'documents.report.verified', { name: 'Trần Thị Bình' })).waitFor();
      await page.getByRole('button', { name: translate('vi', 'documents.report.view') }).click();

      await page.getByRole('alert').filter({ hasText: translate('vi', 'documents.viewer.pdfViewerFailed') }).waitFor();
      const refusal = await logEntry(page, /integrity/);
      assert.ok(refusal.includes(changed), `the refusal names the changed chunk: ${refusal}`);
      assert.equal(await page.locator('.pdf-page').count(), 0, 'no page was drawn');
      assert.deepEqual(page.workers().map((worker) => worker.url()), [], 'no pdf.js worker started');
      // No crash: the screen still answers.
      await page.getByRole('button', { name: translate('vi', 'documents.report.close') }).click();
      await page.getByRole('heading', { level: 1, name: translate('vi', 'screen.documents.name') }).waitFor();
    });

    it('a script dropped into the app folder is served but cannot run, even when imported', async () => {
      assert.ok(shell);
      const outcome = await shell.page.evaluate(`import('/assets/dropped.js').then(() => 'ran', (error) => 'refused: ' + error.message)`);
      assert.match(String(outcome), /^refused/);
      assert.equal(await shell.page.evaluate('globalThis.dropped === true'), false);
      await logEntry(shell.page, /dropped\.js.*violates the following Content Security Policy directive: "script-src 'sha384-/);
    });
  });

  it('the entry script changed by one byte: the page refuses it and shows nothing, rather than run it', async () => {
    const copy = copyWithOneByteChanged((scripts) => scripts.entry);
    copies.push(copy.root);
    const { shell, core } = await launchApp(undefined, { rendererRoot: copy.root });
    try {
      const refusal = await logEntry(shell.page, /integrity/);
      assert.ok(refusal.includes(copy.changed), refusal);
      assert.equal(await shell.page.evaluate('document.getElementById("root").childElementCount'), 0, 'nothing of the app ran');
    } finally {
      await shell.close();
      core.stop();
    }
  });
});
