// Runs in the page before the app's scripts (Playwright addInitScript): the Chromium shell's preload.
import { buildApi } from '../../../shared/ipc/api.js';
import { BRIDGE } from '../../../shared/ipc/bridge.js';

type Invoke = (channel: string, payload: unknown) => Promise<unknown>;
type Deliver = (name: string, payload: unknown) => void;
type FilePath = (id: string) => Promise<unknown>;

const page = globalThis as unknown as Record<string, unknown>;
const invoke = page[BRIDGE.invokeBinding];
const filePath = page[BRIDGE.filePathBinding];

// Sub-frames get nothing (the CSP forbids them anyway); only the app's top document has the API.
if (window.top === window && typeof invoke === 'function') {
  const binding = invoke as Invoke;
  let deliver: Deliver = () => undefined;
  // Dropped files wait here under a random id while the shell reads their path over CDP (DOM.getFileInfo).
  const dropped = new Map<string, File>();
  const api = buildApi(__AIRLOCK_CHANNEL_INDEX__, {
    invoke: (channel, payload) => binding(channel, payload),
    listen: (listener) => {
      deliver = listener;
    },
    pathOf: async (file) => {
      if (!(file instanceof File) || typeof filePath !== 'function') return null;
      const id = crypto.randomUUID();
      dropped.set(id, file);
      try {
        const path = await (filePath as FilePath)(id);
        return typeof path === 'string' && path !== '' ? path : null;
      } finally {
        dropped.delete(id);
      }
    },
  });
  Object.defineProperty(window, BRIDGE.droppedFile, { value: (id: string) => dropped.get(id) ?? null, enumerable: false, writable: false, configurable: false });
  // Fixed, like contextBridge's objects: app code cannot replace the API or the event sink.
  Object.defineProperty(window, BRIDGE.eventSink, { value: (name: string, payload: unknown) => deliver(name, payload), enumerable: false, writable: false, configurable: false });
  Object.defineProperty(window, BRIDGE.apiGlobal, { value: api, enumerable: true, writable: false, configurable: false });
}
