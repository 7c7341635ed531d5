// First usable paint of the Chromium shell (issue #13, item 10): LAUNCHES launches of the real core
// and Debian's Chromium headless from dist/, each timed from the page's own clocks. Not a harness
// benchmark: one launch takes seconds, so each is timed on its own and medians are printed.
// The reference is the same shell, route and init script serving a static page with only a heading.
//   npm run build && npm run bench:paint        (LAUNCHES to change the count; RENDERER_ROOT to time
//   another build of the renderer with this tree's shell and core; BASELINE_ROOT to time a second
//   build in the same loop, launch for launch, e.g. the previous commit's: a paired comparison)
import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '../electron/core/core.js';
import { createCore } from '../electron/core/core.js';
import { CHROMIUM_APP_ORIGIN } from '../electron/platform/origins.js';
import { startChromiumShell } from '../electron/shells/chromium/chromium-shell.js';
import { CHROMIUM } from '../tests/support/chromium-shell.js';
import { recordingLog } from '../tests/support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../tests/support/softhsm-token.js';
import { realTokenLauncher } from '../tests/support/token-core.js';
import { crlStoreFor } from '../electron/platform/file-crl-store.js';

const LAUNCHES = Number(process.env['LAUNCHES'] ?? 5);
const root = path.resolve(import.meta.dirname, '..');
const rendererRoot = path.resolve(process.env['RENDERER_ROOT'] ?? path.join(root, 'dist', 'renderer'));
const baselineRoot = process.env['BASELINE_ROOT'] === undefined ? null : path.resolve(process.env['BASELINE_ROOT']);
const HEADING = '.lock-screen h1, h1#reference';

/**
 * Appended to the shell's init script, so it runs in the document before any page script: notes
 * (performance.now(), i.e. ms since the navigation began) when the heading is in the DOM, when the
 * frame after it has been produced, and when the fonts the page asked for are ready after that.
 */
const PROBE = `
;(() => {
  const marks = { heading: -1, headingFrame: -1, fontsReady: -1 };
  Object.defineProperty(window, '__firstPaint', { value: marks });
  const seen = () => {
    if (marks.heading >= 0 || document.querySelector(${JSON.stringify(HEADING)}) === null) return false;
    marks.heading = performance.now();
    requestAnimationFrame(() => setTimeout(() => { marks.headingFrame = performance.now(); }, 0));
    document.fonts.ready.then(() => { marks.fontsReady = performance.now(); });
    return true;
  };
  const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true });
})();
`;

interface Launch {
  /** Bench start (before the core is created) until the app document's navigation began. */
  readonly shellStart: number;
  /** The rest, in ms since the navigation began (the page's performance.timeOrigin). */
  /** When the page asked for its main script, and when the answer began (the shell serves it). */
  readonly mainScriptRequested: number;
  readonly mainScriptFirstByte: number;
  readonly mainScript: number;
  readonly domContentLoaded: number;
  readonly firstIpcAnswer: number;
  readonly lastIpcAnswerBeforeHeading: number;
  readonly ipcCallsBeforeHeading: number;
  readonly firstContentfulPaint: number;
  readonly heading: number;
  readonly headingFrame: number;
  readonly fontsReady: number;
  readonly fontBytes: number;
  /** Scripts the page fetched by the time the heading was painted (the lazy pdf.js chunk must not be among them). */
  readonly scriptBytes: number;
}

/** Notes when the dispatcher answers each call, in epoch ms (the page's timeOrigin is epoch too). */
function timeAnswers(core: Core): number[] {
  const answers: number[] = [];
  const dispatcher = core.dispatcher as { dispatch: Core['dispatcher']['dispatch'] };
  const dispatch = dispatcher.dispatch.bind(dispatcher);
  dispatcher.dispatch = async (...args) => {
    try {
      return await dispatch(...args);
    } finally {
      answers.push(performance.timeOrigin + performance.now());
    }
  };
  return answers;
}

async function launch(token: SoftHsmToken, servedRoot: string, initScriptPath: string): Promise<Launch> {
  const start = performance.timeOrigin + performance.now();
  const log = recordingLog();
  // With a token the session starts locked: the lock screen is the first screen, as for users.
  const store = path.join(token.dir, 'store');
  const core = createCore({
    shell: 'chromium',
    version: '0.0.0-bench',
    platform: process.platform,
    appOrigin: CHROMIUM_APP_ORIGIN,
    log,
    token: { launcher: realTokenLauncher(token.env), modulePaths: [token.modulePath], pollMs: 200 },
    trust: { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] },
    dataDir: store,
    crlStore: crlStoreFor(store),
  });
  const answers = timeAnswers(core);
  await core.start();
  const shell = await startChromiumShell({ core, rendererRoot: servedRoot, initScriptPath, executablePath: CHROMIUM, headless: true, log });
  try {
    // Polled from here: the page's CSP refuses the eval waitForFunction needs for a string.
    const deadline = Date.now() + 30_000;
    while (!(await shell.page.evaluate('window.__firstPaint.headingFrame >= 0 && window.__firstPaint.fontsReady >= 0'))) {
      if (Date.now() > deadline) throw new Error('the lock screen heading did not appear within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A string, so tsx's helpers stay out of the page.
    const page = (await shell.page.evaluate(`(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const script = resources.find((r) => r.name.endsWith('.js'));
      const fonts = resources.filter((r) => /\\.woff2?$/.test(r.name));
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { timeOrigin: performance.timeOrigin, domContentLoaded: navigation.domContentLoadedEventEnd, mainScript: script ? script.responseEnd : -1,
        mainScriptRequested: script ? script.startTime : -1, mainScriptFirstByte: script ? script.responseStart : -1,
        fcp: fcp ? fcp.startTime : -1, fontBytes: fonts.reduce((n, r) => n + r.encodedBodySize, 0),
        scriptBytes: resources.filter((r) => r.name.endsWith('.js') && r.startTime <= window.__firstPaint.headingFrame).reduce((n, r) => n + r.encodedBodySize, 0), ...window.__firstPaint };
    })()`)) as { timeOrigin: number; domContentLoaded: number; mainScript: number; mainScriptRequested: number; mainScriptFirstByte: number; fcp: number; fontBytes: number; scriptBytes: number; heading: number; headingFrame: number; fontsReady: number };
    const before = answers.map((at) => at - page.timeOrigin).filter((at) => at >= 0 && at <= page.heading);
    return {
      shellStart: page.timeOrigin - start,
      mainScriptRequested: page.mainScriptRequested,
      mainScriptFirstByte: page.mainScriptFirstByte,
      mainScript: page.mainScript,
      domContentLoaded: page.domContentLoaded,
      firstIpcAnswer: before[0] ?? -1,
      lastIpcAnswerBeforeHeading: before.at(-1) ?? -1,
      ipcCallsBeforeHeading: before.length,
      firstContentfulPaint: page.fcp,
      heading: page.heading,
      headingFrame: page.headingFrame,
      fontsReady: page.fontsReady,
      fontBytes: page.fontBytes,
      scriptBytes: page.scriptBytes,
    };
  } finally {
    await shell.close();
    core.stop();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

function bundleSizes(): Record<string, number> {
  const sizes: Record<string, number> = { js: 0, css: 0, fonts: 0, pdfWorker: 0, pdfViewerChunk: 0 };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        const bytes = statSync(file).size;
        // The pdf.js worker and its decoders, and the viewer's chunk with pdf.js itself, load only when a PDF is opened.
        const kind = /pdf\.worker|pdfjs/.test(file) ? 'pdfWorker' : /PdfDocument-/.test(file) ? 'pdfViewerChunk' : /\.woff2?$/.test(file) ? 'fonts' : path.extname(file) === '.css' ? 'css' : path.extname(file) === '.js' ? 'js' : null;
        if (kind !== null) sizes[kind] = (sizes[kind] ?? 0) + bytes;
      }
    }
  };
  walk(path.join(rendererRoot, 'assets'));
  return sizes;
}

const work = await mkdtemp(path.join(tmpdir(), 'airlock-paint-'));
const token = await createSoftHsmToken();
try {
  const initScriptPath = path.join(work, 'init-with-probe.js');
  await writeFile(initScriptPath, (await readFile(path.join(root, 'dist', 'bridge', 'chromium-init.js'), 'utf8')) + PROBE);
  const staticRoot = path.join(work, 'static');
  await mkdir(staticRoot);
  await writeFile(path.join(staticRoot, 'index.html'), '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Airlock</title><h1 id="reference">Máy đang khoá</h1></html>');

  const app: Launch[] = [];
  const baseline: Launch[] = [];
  const floor: Launch[] = [];
  // Interleaved, so a slow moment of the machine hits both alike.
  for (let i = 0; i < LAUNCHES; i++) {
    app.push(await launch(token, rendererRoot, initScriptPath));
    if (baselineRoot !== null) baseline.push(await launch(token, baselineRoot, initScriptPath));
    floor.push(await launch(token, staticRoot, initScriptPath));
  }
  const rows: readonly [string, keyof Launch][] = [
    ['shell start (core + Chromium until navigation)', 'shellStart'],
    ['main script requested', 'mainScriptRequested'],
    ['main script first byte', 'mainScriptFirstByte'],
    ['main script received', 'mainScript'],
    ['DOMContentLoaded', 'domContentLoaded'],
    ['first IPC answer', 'firstIpcAnswer'],
    ['last IPC answer before the heading', 'lastIpcAnswerBeforeHeading'],
    ['first contentful paint', 'firstContentfulPaint'],
    ['heading in the DOM', 'heading'],
    ['heading painted (frame after it)', 'headingFrame'],
    ['fonts ready (after the heading)', 'fontsReady'],
  ];
  const fmt = (value: number): string => (value < 0 ? '—' : `${value.toFixed(1)} ms`);
  process.stdout.write(`first-paint: ${LAUNCHES} launches each, medians; times after "shell start" are from the page's navigation start\n`);
  const column = (launches: readonly Launch[], key: keyof Launch): string => (launches.length === 0 ? '' : fmt(median(launches.map((l) => l[key]))).padStart(12));
  process.stdout.write(`${'measure'.padEnd(48)}${'app'.padStart(12)}${'static page (floor)'.padStart(22)}${baselineRoot === null ? '' : 'baseline'.padStart(12)}\n`);
  for (const [label, key] of rows) process.stdout.write(`${label.padEnd(48)}${column(app, key)}${column(floor, key).padStart(22)}${column(baseline, key)}\n`);
  process.stdout.write(`IPC calls answered before the heading: ${median(app.map((l) => l.ipcCallsBeforeHeading))}; font bytes fetched: ${median(app.map((l) => l.fontBytes))}; script bytes fetched by the heading: ${median(app.map((l) => l.scriptBytes))}\n`);
  const renderer = median(app.map((l) => l.headingFrame));
  const shellShare = median(app.map((l) => l.shellStart));
  process.stdout.write(`renderer's own share (navigation → heading painted): ${fmt(renderer)}; shell's share: ${fmt(shellShare)}; floor of this shell: ${fmt(median(floor.map((l) => l.headingFrame)))}${baselineRoot === null ? '' : `; baseline ${baselineRoot}: ${fmt(median(baseline.map((l) => l.headingFrame)))} (script bytes ${median(baseline.map((l) => l.scriptBytes))}, font bytes ${median(baseline.map((l) => l.fontBytes))}); launches where the app beat the baseline: ${app.filter((l, i) => l.headingFrame < (baseline[i]?.headingFrame ?? 0)).length} of ${LAUNCHES}`}\n`);
  const sizes = bundleSizes();
  process.stdout.write(`dist/renderer bytes: ${JSON.stringify(sizes)}\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ bench: 'first-paint', node: process.version, date: new Date().toISOString(), launches: LAUNCHES, app, baseline, floor, sizes })}\n`);
} finally {
  await token.cleanup();
  await rm(work, { recursive: true, force: true });
}
