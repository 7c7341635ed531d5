// Runs in every frame (and popup) before its own scripts (Playwright addInitScript): the Chromium shell's preload.
import { buildApi } from '../../../shared/ipc/api.js';
import { BRIDGE } from '../../../shared/ipc/bridge.js';
import type { ErrorCode } from '../../../shared/ipc/errors.js';
import type { Reply } from '../../../shared/ipc/reply.js';
import { removeWebRtc } from '../../../shared/platform/webrtc-removal.js';
import type { PageCall } from './page-call.js';

type RawBinding = (text: string) => void;
type Deliver = (name: string, payload: unknown) => void;
/** A call as the init script writes it; the id is added when it is sent. */
type WithoutId<C> = C extends unknown ? Omit<C, 'id'> : never;
type Envelope = WithoutId<PageCall>;

const page = globalThis as unknown as Record<string, unknown>;
// Taken and removed in every document, sub-frames too: no page script may reach the raw binding.
const raw = page[BRIDGE.channelBinding];
Reflect.deleteProperty(page, BRIDGE.channelBinding);
// No WebRTC in any document: the browser's policy sends no UDP, and the interfaces are gone as well.
removeWebRtc();

// Sub-frames and popups get nothing (the shell gives the binding to the app's page only).
if (window.top === window && typeof raw === 'function') {
  const send = raw as RawBinding;
  const pending = new Map<number, (reply: unknown) => void>();
  let lastId = 0;
  // Settles the call at once, as the main process would: the payload cannot be sent as JSON (cycle, BigInt, too deep).
  const unsendable = (code: ErrorCode): Reply<never> => ({ ok: false, error: { code, messageKey: `error.${code}` } });
  const call = (envelope: Envelope): Promise<unknown> =>
    new Promise((resolve) => {
      const id = ++lastId;
      let text: string;
      try {
        text = JSON.stringify({ id, ...envelope });
      } catch {
        resolve(envelope.op === 'invoke' ? unsendable('ipc.invalidRequest') : null);
        return;
      }
      pending.set(id, resolve);
      send(text);
    });

  let deliver: Deliver = () => undefined;
  // Dropped files wait here under a random id while the shell reads their path over CDP (DOM.getFileInfo).
  const dropped = new Map<string, File>();
  const api = buildApi(__AIRLOCK_CHANNEL_INDEX__, {
    invoke: (channel, payload) => call({ op: 'invoke', channel, payload }),
    listen: (listener) => {
      deliver = listener;
    },
    pathOf: async (file) => {
      if (!(file instanceof File)) return null;
      const id = crypto.randomUUID();
      dropped.set(id, file);
      try {
        const path = await call({ op: 'pathOf', file: id });
        return typeof path === 'string' && path !== '' ? path : null;
      } finally {
        dropped.delete(id);
      }
    },
  });
  const fixed = (name: string, value: unknown, enumerable = false) => Object.defineProperty(window, name, { value, enumerable, writable: false, configurable: false });
  fixed(BRIDGE.droppedFile, (id: string) => dropped.get(id) ?? null);
  // A page script could call these sinks itself and lie to its own UI; that grants it nothing in the core.
  fixed(BRIDGE.replySink, (id: number, reply: unknown) => {
    const resolve = pending.get(id);
    pending.delete(id);
    resolve?.(reply);
  });
  // Fixed, like contextBridge's objects: app code cannot replace the API or the event sink.
  fixed(BRIDGE.eventSink, (name: string, payload: unknown) => deliver(name, payload));
  fixed(BRIDGE.apiGlobal, api, true);
}
