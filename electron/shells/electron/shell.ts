import type { WebContents } from 'electron';
import path from 'node:path';
import { createCore, type Core } from '../../core/core.js';
import { createMainLog } from '../../platform/main-log.js';
import { ELECTRON_APP_ORIGIN } from '../../platform/origins.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import type { AppWindow, ElectronFacade } from './facade.js';
import { cutBrowserNetwork, hardenSession, hardenWebContents } from './hardening.js';
import { bridgeIpc, forwardEvents } from './ipc-bridge.js';
import { ZoneWindows } from './zone-windows.js';
import { electronFileDialogs } from './file-dialogs.js';
import { documentFolders } from '../../core/documents/document-folders.js';
import { utilityTokenProcessLauncher } from './token-utility-process.js';
import { IDLE_LOCK_MS } from '../../platform/defaults.js';
import { workstationFromEnvironment } from '../../platform/workstation-config.js';
import { crlStoreFor } from '../../platform/file-crl-store.js';

export interface ElectronShellPaths {
  readonly rendererRoot: string;
  readonly preloadPath: string;
  readonly tokenProcessEntry: string;
}

/**
 * The whole Electron glue: wires the real core to one hardened window. Everything here is a
 * call on the injected facade, so a test can check each security setting without the binary.
 * Resolves with the core, or undefined when another instance already runs.
 */
export async function startElectronShell(electron: ElectronFacade, paths: ElectronShellPaths): Promise<Core | undefined> {
  const { app } = electron;
  registerAppScheme(electron.protocol);
  cutBrowserNetwork(app.commandLine);

  // Two instances would mean two cores holding keys and fighting over the network zone.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }

  // Filled once the first window exists; IPC arriving before then has no trusted sender. The
  // trusted window is always the live zone's: a destroyed zone window's IPC is refused.
  const ui: { windows?: ZoneWindows } = {};
  const current = (): AppWindow | undefined => ui.windows?.window;
  const trustedContents = (): WebContents | undefined => {
    const window = current();
    return window === undefined || window.isDestroyed() ? undefined : window.webContents;
  };

  app.on('second-instance', () => {
    const window = current();
    if (window === undefined || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Covers every webContents, including ones this code never creates itself.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, app.isPackaged));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  if (app.isPackaged) electron.Menu.setApplicationMenu(null);
  // No window uses the default session (each zone has its partition); hardened all the same.
  const session = electron.session.defaultSession;
  hardenSession(session, ELECTRON_APP_ORIGIN);
  serveAppScheme(session, paths.rendererRoot);

  const workstation = workstationFromEnvironment(process.env, { dataDir: path.join(app.getPath('userData'), 'store'), packagedLinux: app.isPackaged && process.platform === 'linux' });
  const { dataDir } = workstation;
  const core = createCore({
    shell: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    appOrigin: ELECTRON_APP_ORIGIN,
    log: createMainLog(),
    token: { launcher: utilityTokenProcessLauncher(electron, paths.tokenProcessEntry, workstation.tokenEnv), modulePaths: workstation.modulePaths },
    idleLockMs: IDLE_LOCK_MS,
    trust: workstation.trust,
    dataDir,
    crlStore: crlStoreFor(dataDir),
    files: electronFileDialogs(electron, current),
    documentFolders: workstation.documentFolders ?? documentFolders(process.env, app.getPath('documents')),
    ...(workstation.training === undefined ? {} : { training: workstation.training }),
    zones: {
      ...workstation.zones,
      shell: {
        clearClipboard: () => electron.clipboard.clear(),
        enterPartition: (zone) => ui.windows?.enterPartition(zone),
      },
    },
  });
  bridgeIpc(electron.ipcMain, core.dispatcher, trustedContents);
  forwardEvents(core.services.events, trustedContents);
  ui.windows = new ZoneWindows(electron, { preloadPath: paths.preloadPath, rendererRoot: paths.rendererRoot, isPackaged: app.isPackaged, appOrigin: ELECTRON_APP_ORIGIN });
  app.on('will-quit', () => core.stop());
  // The window works (locked) while the token process starts; a failure shows as "no module".
  core.start().catch((error: unknown) => process.stderr.write(`token service: ${error instanceof Error ? error.message : String(error)}\n`));
  return core;
}
