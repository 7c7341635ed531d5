import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BRIDGE } from '../../shared/ipc/bridge.js';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';
import { startChromiumShell, type ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { recordingLog } from './core.js';
import type { SoftHsmToken } from './softhsm-token.js';
import { realTokenLauncher } from './token-core.js';
import type { TokenProcessLauncher } from '../../electron/core/token/token-process.js';
import { crlStoreFor } from '../../electron/platform/file-crl-store.js';
import type { WorkstationConfig } from '../../electron/platform/workstation-config.js';

const root = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env['AIRLOCK_CHROMIUM'] ?? '/usr/bin/chromium';
export const BUILT_RENDERER = path.join(root, 'dist', 'renderer');

/** The shell's config of a workstation (a training one: workstationFromEnvironment), as the core options the shells build from it. */
function workstationOptions(workstation: WorkstationConfig): Partial<CoreOptions> {
  return {
    token: { launcher: realTokenLauncher(workstation.tokenEnv), modulePaths: workstation.modulePaths, pollMs: 200 },
    trust: workstation.trust,
    dataDir: workstation.dataDir,
    crlStore: crlStoreFor(workstation.dataDir),
    zones: workstation.zones,
    ...(workstation.documentFolders === undefined ? {} : { documentFolders: workstation.documentFolders }),
    ...(workstation.training === undefined ? {} : { training: workstation.training }),
  };
}

/** The real Chromium shell on the real core, headless, from the built renderer and bridge. */
export async function launchApp(
  token?: SoftHsmToken,
  extra: { zones?: CoreOptions['zones']; wrapLauncher?: (real: TokenProcessLauncher) => TokenProcessLauncher; rendererRoot?: string; documentFolders?: CoreOptions['documentFolders']; training?: CoreOptions['training']; workstation?: WorkstationConfig } = {},
): Promise<{ shell: ChromiumShell; core: Core; log: ReturnType<typeof recordingLog>; close(): Promise<void> }> {
  const rendererRoot = extra.rendererRoot ?? BUILT_RENDERER;
  const initScriptPath = path.join(root, 'dist', 'bridge', 'chromium-init.js');
  for (const needed of [path.join(rendererRoot, 'index.html'), initScriptPath, CHROMIUM]) {
    // Fail, never skip: an e2e suite that silently does not run is a passing lie.
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run "npm run build" and install Debian's chromium (the README's test command does both).`);
  }
  const log = recordingLog();
  const core = createCore({
    shell: 'chromium',
    version: '0.0.0-e2e',
    platform: process.platform,
    appOrigin: CHROMIUM_APP_ORIGIN,
    log,
    ...(token === undefined
      ? {}
      : {
          token: { launcher: (extra.wrapLauncher ?? ((real) => real))(realTokenLauncher(token.env)), modulePaths: [token.modulePath], pollMs: 200 },
          trust: { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] },
          // Inside the token's temp folder, so its cleanup removes the store too.
          dataDir: path.join(token.dir, 'store'),
          crlStore: crlStoreFor(path.join(token.dir, 'store')),
        }),
    ...(extra.zones === undefined ? {} : { zones: extra.zones }),
    // Inside the token's temp folder by default, so a test never lists or writes the real ~/Documents.
    documentFolders: extra.documentFolders ?? (token === undefined ? { inbox: '/nonexistent/airlock-e2e/Inbox', exports: '/nonexistent/airlock-e2e' } : { inbox: path.join(token.dir, 'Inbox'), exports: path.join(token.dir, 'Airlock') }),
    ...(extra.training === undefined ? {} : { training: extra.training }),
    ...(extra.workstation === undefined ? {} : workstationOptions(extra.workstation)),
  });
  try {
    await core.start();
    const shell = await startChromiumShell({ core, rendererRoot, initScriptPath, executablePath: CHROMIUM, headless: true, log });
    // Playwright turns the page's file-chooser interception on when the first 'filechooser' listener
    // is added (and off when the last goes), without waiting for Chromium: a test's waitForEvent next
    // to the click could lose to a fast page, whose chooser then opened uncaught and no event came
    // (signing.test.ts, every time under 10x CPU throttling; file-chooser-interception.test.ts).
    // One listener for the page's life keeps it on from launch. A chooser no test answers keeps
    // nothing waiting: no native dialog opens, Playwright only hands out a handle, and the page opens
    // its next chooser as before (the check leaves several unanswered).
    shell.page.on('filechooser', () => undefined);
    const close = async (): Promise<void> => {
      await shell.close();
      core.stop();
    };
    return { shell, core, log, close };
  } catch (error) {
    // A core started for a shell that never came up would keep its token process alive.
    core.stop();
    throw error;
  }
}

/**
 * Plays a page script that got hold of the raw CDP binding, which the init script takes away from
 * every document: a second CDP session adds a binding of the same name, which puts the function
 * back into the page's documents, and Chromium still reports each call to the shell's session.
 */
export async function exposeRawChannel(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.addBinding', { name: BRIDGE.channelBinding });
}

/** Until the shell has answered (or dropped) every call it received: a generous bound, never a speed claim. */
export async function waitUntilSettled(shell: ChromiumShell, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // One round trip first, so calls the page has just made have reached the shell.
  await shell.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  while (shell.channel.inFlight > 0) {
    if (Date.now() > deadline) throw new Error(`${shell.channel.inFlight} calls still unsettled after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** tsx wraps named helpers in __name(), which a page does not have: give it an identity one (a string, so not transpiled). */
export function allowTranspiledHelpers(page: Page): Promise<unknown> {
  return page.evaluate('globalThis.__name = (fn) => fn');
}
