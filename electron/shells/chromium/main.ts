// `npm run start:chromium`: the core under plain Node, the renderer in Debian's Chromium.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../core/core.js';
import { createMainLog } from '../../platform/main-log.js';
import { CHROMIUM_APP_ORIGIN } from '../../platform/origins.js';
import { startChromiumShell } from './chromium-shell.js';
import { nodeTokenProcessLauncher } from '../../platform/node-token-process.js';
import { IDLE_LOCK_MS } from '../../platform/defaults.js';
import { workstationFromEnvironment } from '../../platform/workstation-config.js';
import { chromiumShellDataDir } from '../../platform/data-dir.js';
import { crlStoreFor } from '../../platform/file-crl-store.js';
import { documentFolders, documentsFolderOf } from '../../core/documents/document-folders.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const executablePath = process.env['AIRLOCK_CHROMIUM'] ?? '/usr/bin/chromium';
const headless = process.env['AIRLOCK_HEADLESS'] === '1';

function stop(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

if (!existsSync(executablePath)) {
  stop(`Không tìm thấy Chromium tại ${executablePath}. Cài bằng: apt-get install chromium (hoặc đặt AIRLOCK_CHROMIUM).\nChromium not found at ${executablePath}. Install it with: apt-get install chromium (or set AIRLOCK_CHROMIUM).`);
}
if (!headless && process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
  stop('Không có màn hình (DISPLAY). Chạy trong phiên đồ hoạ, hoặc đặt AIRLOCK_HEADLESS=1 để chạy không giao diện.\nNo display (DISPLAY is not set). Run inside a desktop session, or set AIRLOCK_HEADLESS=1.');
}

const { version } = JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string };
const log = createMainLog();
let workstation: ReturnType<typeof workstationFromEnvironment>;
try {
  workstation = workstationFromEnvironment(process.env, { dataDir: chromiumShellDataDir(process.env), packagedLinux: false });
} catch (error) {
  stop(error instanceof Error ? error.message : String(error));
}
const { dataDir } = workstation;
const core = createCore({
  shell: 'chromium',
  version,
  platform: process.platform,
  appOrigin: CHROMIUM_APP_ORIGIN,
  log,
  token: {
    launcher: nodeTokenProcessLauncher({ entry: path.join(dist, 'electron', 'token-process', 'entry.js'), env: { ...process.env, ...workstation.tokenEnv } }),
    modulePaths: workstation.modulePaths,
  },
  idleLockMs: IDLE_LOCK_MS,
  trust: workstation.trust,
  dataDir,
  crlStore: crlStoreFor(dataDir),
  documentFolders: workstation.documentFolders ?? documentFolders(process.env, documentsFolderOf(process.env, homedir())),
  zones: workstation.zones,
  ...(workstation.training === undefined ? {} : { training: workstation.training }),
});
core.start().catch((error: unknown) => process.stderr.write(`token service: ${error instanceof Error ? error.message : String(error)}\n`));
const shell = await startChromiumShell({
  core,
  rendererRoot: path.join(dist, 'renderer'),
  initScriptPath: path.join(dist, 'bridge', 'chromium-init.js'),
  executablePath,
  headless,
  log,
});
process.stderr.write(`Airlock (Chromium shell) ${version} is running. Close the window or press Ctrl+C to quit.\n`);
shell.browser.on('disconnected', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    core.stop();
    void shell.close().finally(() => process.exit(0));
  });
}
