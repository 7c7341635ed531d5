import type { Session, WebPreferences } from 'electron';
import { WEBRTC_IP_HANDLING_POLICY } from '../../platform/network-switches.js';
import type { AppWindow, ElectronFacade } from './facade.js';

/** Every switch that keeps the renderer away from Node and from the network, set explicitly. */
export function secureWebPreferences(preloadPath: string, isPackaged: boolean, session?: Session): WebPreferences {
  return {
    preload: preloadPath,
    // The zone's in-memory partition (zone-windows.ts); absent: the default session.
    ...(session === undefined ? {} : { session }),
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Devtools would let anyone at the keyboard read decrypted content from memory.
    devTools: !isPackaged,
  };
}

export function createMainWindow(
  electron: Pick<ElectronFacade, 'BrowserWindow'>,
  options: { preloadPath: string; isPackaged: boolean; appOrigin: string; session?: Session },
): AppWindow {
  const window = new electron.BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 540,
    show: false,
    backgroundColor: '#ffffff',
    title: 'Airlock',
    webPreferences: secureWebPreferences(options.preloadPath, options.isPackaged, options.session),
  });
  // Also set for every webContents by hardenWebContents; here so no window of ours depends on that event.
  window.webContents.setWebRTCIPHandlingPolicy(WEBRTC_IP_HANDLING_POLICY);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${options.appOrigin}/index.html`);
  return window;
}
