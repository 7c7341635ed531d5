import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { BRIDGE } from '../../../shared/ipc/bridge.js';
import type { Core } from '../../core/core.js';
import { isTrustedSender, type SenderInfo } from '../../core/ipc/sender-policy.js';
import { CHROMIUM_APP_ORIGIN } from '../../platform/origins.js';
import { serveRendererAsset } from '../../platform/renderer-assets.js';
import { droppedFilePaths } from './dropped-file-path.js';

export interface ChromiumShellOptions {
  readonly core: Core;
  readonly rendererRoot: string;
  readonly initScriptPath: string;
  readonly executablePath: string;
  readonly headless: boolean;
}

export interface ChromiumShell {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Keeps Chromium from calling home: this machine's network is closed and the app needs none of it. */
const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  // Vietnamese first: native widgets (date pickers) follow the browser locale.
  '--lang=vi',
];

/**
 * The same core and renderer as the Electron shell, in Debian's Chromium. Playwright talks to
 * Chromium over a pipe (no debugging port); the renderer is fulfilled from disk for a reserved
 * origin and every other request is aborted; calls arrive through a binding that reports the
 * sending frame, so the dispatcher applies the same sender check as under Electron.
 */
export async function startChromiumShell(options: ChromiumShellOptions): Promise<ChromiumShell> {
  const browser = await chromium.launch({
    executablePath: options.executablePath,
    headless: options.headless,
    args: CHROMIUM_ARGS,
    // Chromium refuses its own sandbox when run as root (as in CI); keep it everywhere else.
    chromiumSandbox: process.getuid?.() !== 0,
  });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: false, bypassCSP: false, locale: 'vi-VN', viewport: options.headless ? { width: 1280, height: 860 } : null });
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (!request.url().startsWith(`${CHROMIUM_APP_ORIGIN}/`)) return route.abort('blockedbyclient');
      const asset = await serveRendererAsset(options.rendererRoot, CHROMIUM_APP_ORIGIN, request.method(), request.url());
      return route.fulfill({ status: asset.status, headers: asset.headers, body: asset.body });
    });
    const senderOf = (source: { frame: Frame; page: Page }): SenderInfo => ({ frameUrl: source.frame.url(), isMainFrame: source.frame.parentFrame() === null && source.frame === source.page.mainFrame() });
    await context.exposeBinding(BRIDGE.invokeBinding, (source, channel: unknown, payload: unknown) => options.core.dispatcher.dispatch(channel, payload, senderOf(source)));
    // A dropped file's path, answered by the shell as Electron's preload answers it; the app's own frame only.
    const pathOf = droppedFilePaths();
    await context.exposeBinding(BRIDGE.filePathBinding, (source, id: unknown) =>
      typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && isTrustedSender(senderOf(source), CHROMIUM_APP_ORIGIN) ? pathOf(source.page, id) : null,
    );
    await context.addInitScript({ path: options.initScriptPath });

    const page = await context.newPage();
    // window.open cannot be refused before it happens here: close any second page at once.
    context.on('page', (other) => {
      if (other !== page) void other.close();
    });
    const unsubscribe = options.core.services.events.subscribe((name, payload) => {
      page
        .evaluate(([sink, eventName, eventPayload]) => (window as unknown as Record<string, (n: unknown, p: unknown) => void>)[sink as string]?.(eventName, eventPayload), [BRIDGE.eventSink, name, payload] as const)
        .catch(() => undefined);
    });
    await page.goto(`${CHROMIUM_APP_ORIGIN}/`);
    return {
      browser,
      context,
      page,
      async close() {
        unsubscribe();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
