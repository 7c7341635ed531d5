import type { ContextBridge, IpcRenderer, WebUtils } from 'electron';
import { buildApi, type ChannelIndex } from '../../../shared/ipc/api.js';
import { BRIDGE } from '../../../shared/ipc/bridge.js';
import { removeWebRtc } from '../../../shared/platform/webrtc-removal.js';

/** The parts of Electron the preload uses; preload.ts passes the real ones, the glue test fakes. */
export interface PreloadElectron {
  readonly contextBridge: Pick<ContextBridge, 'exposeInMainWorld' | 'executeInMainWorld'>;
  readonly ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on'>;
  readonly webUtils: Pick<WebUtils, 'getPathForFile'>;
}

/**
 * The renderer gets functions for contract channels (and a dropped file's path), never ipcRenderer
 * itself; and no WebRTC: its interfaces are deleted from the page's world before the app runs
 * (the window's policy already sends no UDP; this leaves a page script nothing to try).
 */
export function exposeAirlockApi(electron: PreloadElectron, index: ChannelIndex): void {
  const { contextBridge, ipcRenderer, webUtils } = electron;
  contextBridge.executeInMainWorld({ func: removeWebRtc });
  contextBridge.exposeInMainWorld(
    BRIDGE.apiGlobal,
    buildApi(index, {
      invoke: (channel, payload) => ipcRenderer.invoke(BRIDGE.invoke, channel, payload),
      listen: (listener) => {
        ipcRenderer.on(BRIDGE.event, (_event, name: string, payload: unknown) => listener(name, payload));
      },
      pathOf: (file) => Promise.resolve(pathOfFile(webUtils, file)),
    }),
  );
}

/** The path only: the plaintext of a dropped file is read by main, never by the renderer. */
function pathOfFile(webUtils: PreloadElectron['webUtils'], file: unknown): string | null {
  try {
    // A File made by a script has no path (''); anything that is not a File makes Electron throw.
    const path = webUtils.getPathForFile(file as File);
    return path === '' ? null : path;
  } catch {
    return null;
  }
}
