import { existsSync } from 'node:fs';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';
import { startChromiumShell, type ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { recordingLog } from './core.js';
import type { SoftHsmToken } from './softhsm-token.js';
import { realTokenLauncher } from './token-core.js';

const root = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env['AIRLOCK_CHROMIUM'] ?? '/usr/bin/chromium';

/** The real Chromium shell on the real core, headless, from the built renderer and bridge. */
export async function launchApp(token?: SoftHsmToken, extra: { zones?: CoreOptions['zones'] } = {}): Promise<{ shell: ChromiumShell; core: Core; log: ReturnType<typeof recordingLog> }> {
  const rendererRoot = path.join(root, 'dist', 'renderer');
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
          token: { launcher: realTokenLauncher(token.env), modulePaths: [token.modulePath], pollMs: 200 },
          trust: { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] },
          // Inside the token's temp folder, so its cleanup removes the store too.
          dataDir: path.join(token.dir, 'store'),
        }),
    ...(extra.zones === undefined ? {} : { zones: extra.zones }),
  });
  await core.start();
  const shell = await startChromiumShell({ core, rendererRoot, initScriptPath, executablePath: CHROMIUM, headless: true });
  return { shell, core, log };
}
