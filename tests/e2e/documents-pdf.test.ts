import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Page, Worker } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import { encryptContainer } from '../../electron/core/documents/container-writer.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { Language } from '../../shared/domain/language.js';
import { PDF_WORKER_POLICY } from '../../shared/platform/trusted-types.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { BUILT_RENDERER, launchApp } from '../support/chromium-shell.js';
import { builtScripts, pageLogSinceLaunch, scriptsFetched } from '../support/script-pins.js';
import { seriousViolations } from '../support/axe.js';
import { filesContaining } from '../support/plaintext-scan.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { importTestCrls, pemToDer } from '../support/softhsm/test-pki.js';
import { IMAGE_BOX, textPdf, type ScannedImage } from '../support/text-pdf.js';
import { tokenKeyPair } from '../support/token-core.js';

/** Every CSP or Trusted Types complaint, from the page or the pdf.js worker, reaches the console with this prefix. */
const CSP_REPORT = 'CSP violation:';

/**
 * A scanner's page: a 64×64 grey picture, left half black, right half white, compressed to
 * JPEG 2000 by OpenJPEG's own encoder (Debian libopenjp2-tools), as scanned PDFs carry it.
 */
function scannedPicture(): ScannedImage {
  const dir = mkdtempSync(path.join(tmpdir(), 'airlock-scan-'));
  try {
    const pixels = Buffer.alloc(64 * 64);
    for (let row = 0; row < 64; row++) pixels.fill(255, row * 64 + 32, row * 64 + 64);
    writeFileSync(path.join(dir, 'scan.pgm'), Buffer.concat([Buffer.from('P5\n64 64\n255\n'), pixels]));
    execFileSync('opj_compress', ['-i', path.join(dir, 'scan.pgm'), '-o', path.join(dir, 'scan.jp2')], { stdio: 'ignore' });
    return { width: 64, height: 64, jp2: readFileSync(path.join(dir, 'scan.jp2')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('PDF documents in the viewer: pdf.js from memory, under the app CSP (Chromium shell, SoftHSM token)', () => {
  let token: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  // ASCII (the PDF's Helvetica text is WinAnsi) and unique: the scan below looks for it on disk.
  const marker = `PDFMARKER${randomBytes(12).toString('hex')}`;
  const secondPage = `Trang hai ${randomBytes(6).toString('hex')}`;
  const problems: string[] = [];
  // Requests the page makes once the app is up: pdf.js may ask for its worker file and nothing else.
  const requests: string[] = [];
  // The chunk with pdf.js, pinned in index.html's import map, loaded the first time a PDF is opened.
  const scripts = builtScripts(BUILT_RENDERER);
  const pdfChunk = scripts.lazy.find((file) => /\/PdfDocument-[\w-]+\.js$/.test(file));
  let launchLog: string[] = [];
  let launchScripts: string[] = [];

  before(async () => {
    token = await createSoftHsmToken();
    ({ shell, core } = await launchApp(token));
    await importTestCrls(core.services.crls, token.pki);
    page = shell.page;
    // Chromium logs refused loads, evals and Trusted Types sinks as console errors; the listeners
    // below turn securitypolicyviolation events (page and worker) into such errors too.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Trusted Type|Refused to|CSP violation/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // Chromium's own CSP log lines from a worker do not reach the page console, so the worker gets the listener
    // as soon as Playwright sees it: before pdf.js has parsed anything in practice, though not guaranteed.
    page.on('worker', (worker) => void reportViolations(worker));
    await reportViolations(page);

    await page.getByRole('heading', { level: 1, name: translate('vi', 'lock.title') }).waitFor();
    launchLog = await pageLogSinceLaunch(page);
    launchScripts = await scriptsFetched(page);
    await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(token.userPin);
    await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
    page.on('request', (request) => requests.push(request.url()));
    const { rsa, ec } = await tokenKeyPair(core, token);
    // The PDF exists only in memory and inside the containers: never as a plaintext file.
    const make = (file: string, content: Buffer) =>
      encryptContainer({ source: { kind: 'stream', stream: Readable.from([content]) }, output: path.join(token.dir, file), label: { level: 'unclassified', caveats: [], originator: 'Văn phòng Tỉnh uỷ', date: '2026-11-25', declassifyOn: null }, metadata: { fileName: 'Báo cáo.pdf', mediaType: 'application/pdf' }, recipients: [rsa.certificateDer], signer: ec.signer, chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))] });
    await make('bao-cao.alc', textPdf([['Bao cao thang 12', marker], [secondPage]]));
    await make('hong-pdf.alc', randomBytes(4096));
    await make('ban-scan.alc', textPdf([['Ban scan cong van']], scannedPicture()));
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await token?.cleanup();
  });

  const openScreen = async (language: Language) => {
    await page.getByRole('navigation', { name: translate(language, 'nav.label') }).getByRole('button', { name: translate(language, 'screen.documents.name'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: translate(language, 'screen.documents.name') }).waitFor();
  };
  const openAndView = async (language: Language, file: string) => {
    // The browser's own chooser behind our button (issue #13), answered with the real file.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: translate(language, 'documents.open.choose') }).click()]);
    await chooser.setFiles(path.join(token.dir, file));
    await page.getByText(translate(language, 'documents.report.verified', { name: 'Trần Thị Bình' })).waitFor();
    await page.getByRole('button', { name: translate(language, 'documents.report.view') }).click();
  };
  /** Dark pixels on the page canvas: the text was drawn, not just an empty white sheet. */
  const inkedPixels = () =>
    page.locator('.pdf-page__canvas').evaluate((element) => {
      const { data } = (element as HTMLCanvasElement).getContext('2d')?.getImageData(0, 0, (element as HTMLCanvasElement).width, (element as HTMLCanvasElement).height) ?? { data: [] };
      let inked = 0;
      for (let index = 0; index < data.length; index += 4) if ((data[index] ?? 255) < 128 && (data[index + 3] ?? 0) > 0) inked++;
      return inked;
    });
  /** Waits until a report matching each pattern arrived (and a moment for their echoes), then takes all reports off the list. */
  const takeProblems = async (expected: readonly RegExp[]) => {
    for (let tries = 0; tries < 50 && !expected.every((pattern) => problems.some((problem) => pattern.test(problem))); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const taken = problems.splice(0);
    assert.ok(expected.every((pattern) => taken.some((problem) => pattern.test(problem))), `expected reports: ${expected.join(', ')}; got:\n${taken.join('\n')}`);
    return taken;
  };
  const noWorkerLeft = async () => {
    for (let tries = 0; tries < 50 && page.workers().length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(page.workers().map((worker) => worker.url()), [], 'the pdf.js worker ends with the view');
  };

  it('the page started with no CSP or integrity complaint, fetching its entry script only: pdf.js is a pinned chunk of its own', () => {
    assert.deepEqual(launchLog.filter((entry) => /^(security|violation)\/|Content Security Policy|integrity|Refused/i.test(entry)), []);
    assert.deepEqual(launchScripts, [scripts.entry]);
    assert.ok(pdfChunk, `index.html pins the pdf.js chunk among the lazily loaded ones: ${scripts.lazy.join(', ') || 'none'}`);
  });

  it('draws the first page and lays its words, selectable and in the accessibility tree, over it', async () => {
    await openScreen('vi');
    const chunkFetches = () => requests.filter((url) => new URL(url).pathname === pdfChunk).length;
    assert.equal(chunkFetches(), 0, 'pdf.js is not fetched by unlocking or by the Documents screen');
    // The chunk is held back (a page route, ahead of the shell's) until the viewer has said it is loading.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`https://airlock.invalid${pdfChunk ?? '/none'}`, async (route) => {
      await held;
      await route.fallback();
    });
    await openAndView('vi', 'bao-cao.alc');
    await page.getByRole('status').filter({ hasText: translate('vi', 'documents.viewer.pdfViewerLoading') }).waitFor();
    release();
    const words = page.locator('.pdf-page__text').getByText(marker);
    await words.waitFor();
    assert.equal(chunkFetches(), 1, 'pdf.js was fetched once the first PDF was opened');
    assert.ok((await inkedPixels()) > 200, 'the canvas has the page drawn on it');
    await page.getByText(translate('vi', 'documents.viewer.pdfPage', { number: 1, count: 2 }), { exact: true }).waitFor();
    const figure = page.getByRole('figure', { name: translate('vi', 'documents.viewer.pdfPage', { number: 1, count: 2 }) });
    assert.match(await figure.ariaSnapshot(), new RegExp(marker));
    const selected = await page.locator('.pdf-page__text').evaluate((layer) => {
      const range = document.createRange();
      range.selectNodeContents(layer);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return selection?.toString() ?? '';
    });
    assert.ok(selected.includes(marker), 'the text layer can be selected');
    assert.equal(page.workers().length, 1, 'one pdf.js worker for the open document');
    assert.deepEqual(await seriousViolations(page, 'PDF page 1'), []);
  });

  it('goes to the next page and back', async () => {
    await page.getByRole('button', { name: translate('vi', 'documents.viewer.pdfNext') }).click();
    await page.locator('.pdf-page__text').getByText(secondPage).waitFor();
    assert.equal(await page.locator('.pdf-page__text').getByText(marker).count(), 0, 'one page at a time');
    assert.equal(await page.getByRole('button', { name: translate('vi', 'documents.viewer.pdfNext') }).getAttribute('aria-disabled'), 'true');
    assert.deepEqual(await seriousViolations(page, 'PDF page 2'), []);
    await page.getByRole('button', { name: translate('vi', 'documents.viewer.pdfPrevious') }).click();
    await page.locator('.pdf-page__text').getByText(marker).waitFor();
  });

  it('pdf.js needed nothing the CSP refuses, in the page or in its worker, and fetched nothing but its own chunk, worker and decoder', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((url) => new URL(url).pathname !== pdfChunk && !/^https:\/\/airlock\.invalid\/assets\/(pdf\.worker\.min-[\w-]+\.mjs|[\w-]+\.woff2?|pdfjs\/(jbig2|openjpeg)_nowasm_fallback\.js)$/.test(url)), []);
    assert.ok(requests.some((url) => url.includes('pdf.worker')));
  });

  it('no other script can start a worker or make a Trusted Types policy', async () => {
    // No named helper inside: tsx would wrap it in a __name() call the page does not have.
    const refusals = await page.evaluate((name) => {
      const factory = (window as unknown as { trustedTypes: { createPolicy(name: string, rules: object): unknown } }).trustedTypes;
      return [() => new Worker('/assets/injected.mjs', { type: 'module' }), () => factory.createPolicy('injected', {}), () => factory.createPolicy(name, {})].map((action) => {
        try {
          action();
          return 'allowed';
        } catch (error) {
          return (error as Error).name;
        }
      });
    }, PDF_WORKER_POLICY);
    assert.deepEqual(refusals, ['TypeError', 'TypeError', 'TypeError']);
    const seen = await takeProblems([/Worker constructor/, /policy injected/, /policy airlock-pdf-worker/]);
    assert.ok(seen.every((problem) => /trusted-types|Trusted ?Type/i.test(problem)), seen.join('\n'));
  });

  it('the worker runs under the app CSP too, and a violation there would be seen', async () => {
    const [worker] = page.workers();
    assert.ok(worker);
    const refused = await worker.evaluate(() => {
      try {
        new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(refused, true, 'no wasm compilation without wasm-unsafe-eval');
    const seen = await takeProblems([/script-src wasm-eval/]);
    assert.ok(seen.every((problem) => /wasm|WebAssembly|script-src/i.test(problem)), seen.join('\n'));
  });

  it('viewing wrote no plaintext anywhere: temp folder (Chromium’s profile included) and the data folder', async () => {
    const { found } = await filesContaining([tmpdir(), token.dir], marker);
    assert.deepEqual(found, []);
  });

  it('closing the document ends the worker and takes the pages off the page', async () => {
    await page.getByRole('button', { name: translate('vi', 'documents.report.close') }).click();
    await page.locator('.pdf-page').waitFor({ state: 'detached' });
    await noWorkerLeft();
    assert.ok(!(await page.content()).includes(marker));
  });

  it('a PDF pdf.js cannot read says so in words, and ends its worker too', async () => {
    await openAndView('vi', 'hong-pdf.alc');
    await page.getByRole('alert').filter({ hasText: translate('vi', 'documents.viewer.pdfUnreadable') }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'unreadable PDF'), []);
    await page.getByRole('button', { name: translate('vi', 'documents.report.close') }).click();
    await noWorkerLeft();
  });

  it('a scanned page (a JPEG 2000 picture) is drawn: pdf.js imports its JS decoder from the app, under the CSP', async () => {
    await openAndView('vi', 'ban-scan.alc');
    await page.locator('.pdf-page__text').getByText('Ban scan cong van').waitFor();
    /** The canvas pixel's red value at a point of the page given in PDF points (from the bottom left). */
    const shade = (x: number, y: number) =>
      page.locator('.pdf-page__canvas').evaluate((element, point) => {
        const canvas = element as HTMLCanvasElement;
        const scale = canvas.width / 595;
        return canvas.getContext('2d')?.getImageData(Math.round(point.x * scale), Math.round((842 - point.y) * scale), 1, 1).data[0] ?? -1;
      }, { x, y });
    const middle = IMAGE_BOX.y + IMAGE_BOX.size / 2;
    const left = IMAGE_BOX.x + IMAGE_BOX.size / 4;
    const right = IMAGE_BOX.x + (3 * IMAGE_BOX.size) / 4;
    // The picture is decoded after the text is laid out: wait for the dark half to appear.
    for (let tries = 0; tries < 50 && (await shade(left, middle)) > 64; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok((await shade(left, middle)) <= 64, `the picture's black half is on the canvas (red ${await shade(left, middle)})`);
    assert.ok((await shade(right, middle)) >= 192, 'and its white half');
    assert.ok(requests.some((url) => url.endsWith('/assets/pdfjs/openjpeg_nowasm_fallback.js')), 'the decoder came from the app');
    assert.deepEqual(problems, [], 'importing the decoder broke no CSP rule, in the page or the worker');
    await page.getByRole('button', { name: translate('vi', 'documents.report.close') }).click();
    await noWorkerLeft();
  });

  it('in English too; locking drops the PDF and its worker', async () => {
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await openAndView('en', 'bao-cao.alc');
    await page.locator('.pdf-page__text').getByText(marker).waitFor();
    await page.getByText(translate('en', 'documents.viewer.pdfPage', { number: 1, count: 2 }), { exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'English PDF page'), []);
    await page.getByRole('button', { name: translate('en', 'documents.report.close') }).click();
    await openAndView('en', 'hong-pdf.alc');
    await page.getByRole('alert').filter({ hasText: translate('en', 'documents.viewer.pdfUnreadable') }).waitFor();
    await page.getByRole('button', { name: translate('en', 'documents.report.close') }).click();
    await openAndView('en', 'bao-cao.alc');
    await page.locator('.pdf-page__text').getByText(marker).waitFor();
    await page.getByRole('button', { name: translate('en', 'lock.button'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: translate('en', 'lock.title') }).waitFor();
    await noWorkerLeft();
    assert.ok(!(await page.content()).includes(marker));
    assert.deepEqual(problems, []);
  });
});

/** Forwards securitypolicyviolation events of the page or a worker to the console, where the test collects them. */
async function reportViolations(target: Pick<Worker, 'evaluate'>): Promise<void> {
  const install = (prefix: string) => {
    globalThis.addEventListener('securitypolicyviolation', (event) => console.error(`${prefix} ${event.effectiveDirective} ${event.blockedURI} ${event.sample}`));
  };
  await target.evaluate(install, CSP_REPORT).catch(() => undefined);
}
