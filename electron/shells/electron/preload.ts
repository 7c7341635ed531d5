// Sandboxed preload: bundled to one CommonJS file that requires only `electron`.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../../../shared/ipc/api.js';
import { BRIDGE } from '../../../shared/ipc/bridge.js';

// The renderer gets functions for contract channels only, never ipcRenderer itself.
contextBridge.exposeInMainWorld(
  BRIDGE.apiGlobal,
  buildApi(__AIRLOCK_CHANNEL_INDEX__, {
    invoke: (channel, payload) => ipcRenderer.invoke(BRIDGE.invoke, channel, payload),
    listen: (listener) => {
      ipcRenderer.on(BRIDGE.event, (_event, name: string, payload: unknown) => listener(name, payload));
    },
  }),
);
