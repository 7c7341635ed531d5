// Sandboxed preload: bundled to one CommonJS file that requires only `electron`.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeAirlockApi } from './preload-bridge.js';

exposeAirlockApi({ contextBridge, ipcRenderer, webUtils }, __AIRLOCK_CHANNEL_INDEX__);
