import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BRIDGE } from '../../../shared/ipc/bridge.js';
import type { Core } from '../../core/core.js';
import type { DispatcherLog } from '../../core/ipc/dispatcher.js';
import { isTrustedSender } from '../../core/ipc/sender-policy.js';
import { NO_NETWORK_SWITCHES, WEBRTC_IP_HANDLING_POLICY } from '../../platform/network-switches.js';
import { CHROMIUM_APP_ORIGIN } from '../../platform/origins.js';
import { serveRendererAsset } from '../../platform/renderer-assets.js';
import { droppedFilePaths } from './dropped-file-path.js';
import { openPageChannel, type PageChannel } from './page-channel.js';
import { malformedCallAudit } from './refusal-audit.js';

export interface ChromiumShellOptions {
  readonly core: Core;
  readonly rendererRoot: string;
  readonly initScriptPath: string;
  readonly executablePath: string;
  readonly headless: boolean;
  /** Where refused and malformed calls from the page are noted (the core's diagnostic log). */
  readonly log: Pick<DispatcherLog, 'refused' | 'internalError'>;
}

export interface ChromiumShell {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly channel: PageChannel;
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
  // WebRTC sends nothing, whatever a page script does (the init script also removes its interfaces).
  `--webrtc-ip-handling-policy=${WEBRTC_IP_HANDLING_POLICY}`,
  ...NO_NETWORK_SWITCHES.map(([name, value]) => `--${name}=${value}`),
  // Vietnamese first: native widgets (date pickers) follow the browser locale.
  '--lang=vi',
];

/**
 * The same core and renderer as the Electron shell, in Debian's Chromium. Playwright talks to
 * Chromium over a pipe (no debugging port); the renderer is fulfilled from disk for a reserved
 * origin and every other request is aborted; calls arrive through our own CDP binding on the app's
 * page (page-channel.ts), which reports the sending frame, so the dispatcher applies the same
 * sender check as under Electron.
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
    await context.addInitScript({ path: options.initScriptPath });

    const page = await context.newPage();
    // window.open cannot be refused before it happens here: close any second page at once. It never
    // has the API: the bridge below exists on this page's CDP session only.
    context.on('page', (other) => {
      // Already gone (the page closed it itself): nothing to do, and no rejection left unhandled.
      if (other !== page) other.close().catch(() => undefined);
    });
    // A dropped file's path, answered by the shell as Electron's preload answers it; the app's own frame only.
    const pathOf = droppedFilePaths();
    const channel = await openPageChannel(
      page,
      {
        invoke: (name, payload, sender) => options.core.dispatcher.dispatch(name, payload, sender),
        pathOf: async (fileId, sender) => (/^[0-9a-f-]{36}$/.test(fileId) && isTrustedSender(sender, CHROMIUM_APP_ORIGIN) ? pathOf(page, fileId) : null),
        malformed: malformedCallAudit(options.core.services.audit),
      },
      options.log,
    );
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
      channel,
      async close() {
        unsubscribe();
        await channel.close();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
