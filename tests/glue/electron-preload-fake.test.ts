import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import { channelIndexOf, type AirlockApi } from '../../shared/ipc/api.js';
import { BRIDGE } from '../../shared/ipc/bridge.js';
import { contract } from '../../shared/ipc/contract.js';
import { exposeAirlockApi, type PreloadElectron } from '../../electron/shells/electron/preload-bridge.js';

/** A FAKE of the preload's Electron modules: records what is exposed and sent, answers paths from a table. */
function fakePreloadElectron(paths: ReadonlyMap<unknown, string>) {
  const exposed = new Map<string, unknown>();
  const executed: { func: (...args: unknown[]) => unknown }[] = [];
  const invoked: unknown[][] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api),
      executeInMainWorld: (script: { func: (...args: unknown[]) => unknown }) => void executed.push(script),
    },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: 'answered' });
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(channel, listener);
        return electron.ipcRenderer;
      },
    },
    webUtils: {
      getPathForFile: (file: unknown) => {
        // As Electron: a File not backed by disk has the empty path; a non-File throws.
        if (typeof file !== 'object' || file === null || !('name' in file)) throw new TypeError('Error processing argument at index 0');
        return paths.get(file) ?? '';
      },
    },
  } as unknown as PreloadElectron;
  return { electron, exposed, executed, invoked, listeners };
}

describe('Electron preload, with FAKE contextBridge, ipcRenderer and webUtils', () => {
  const dropped = { name: 'Công văn 12.alc' };
  const made = { name: 'made-by-a-script.txt' };
  const start = () => {
    const fake = fakePreloadElectron(new Map([[dropped, '/home/official/Documents/Công văn 12.alc']]));
    exposeAirlockApi(fake.electron, channelIndexOf(contract));
    const api = fake.exposed.get(BRIDGE.apiGlobal) as AirlockApi;
    assert.ok(api);
    return { ...fake, api };
  };

  it('exposes only the API object, whose calls go over the one invoke channel', async () => {
    const { api, exposed, invoked } = start();
    assert.deepEqual([...exposed.keys()], [BRIDGE.apiGlobal]);
    assert.deepEqual(await api.documents.recent({}), { ok: true, value: 'answered' });
    assert.deepEqual(invoked, [[BRIDGE.invoke, 'documents.recent', {}]]);
  });

  it('deletes every WebRTC interface from the page’s main world, with a function that survives Electron’s serialisation', () => {
    const { executed } = start();
    assert.equal(executed.length, 1);
    // Electron runs the function's source in the page's world: so does this, in a fresh V8 context shaped like a window.
    const webRtc = Object.fromEntries(['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCSessionDescription', 'RTCIceCandidate', 'RTCRtpSender'].map((name) => [name, () => undefined]));
    const page = vm.createContext({ ...webRtc, fetch: () => undefined });
    // JSON text out of the context: its arrays have that context's prototypes.
    assert.equal(vm.runInContext(`JSON.stringify((${String(executed[0]?.func)})())`, page), '[]', 'nothing left undeletable');
    assert.equal(vm.runInContext(`JSON.stringify(Object.getOwnPropertyNames(globalThis).filter((name) => /RTC/.test(name)))`, page), '[]');
    assert.equal(vm.runInContext('typeof fetch', page), 'function', 'only WebRTC goes');
  });

  it('answers a dropped file’s path from webUtils.getPathForFile, without reading the file', async () => {
    const { api, invoked } = start();
    assert.equal(await api.files.pathOf(dropped), '/home/official/Documents/Công văn 12.alc');
    assert.equal(invoked.length, 0, 'no IPC: the path comes from the preload itself');
  });

  it('answers null for a File with no path on disk and for anything that is not a File', async () => {
    const { api } = start();
    assert.equal(await api.files.pathOf(made), null);
    assert.equal(await api.files.pathOf('/etc/passwd'), null);
    assert.equal(await api.files.pathOf(null), null);
  });

  it('keeps files.pathOf beside the contract’s files channels, frozen', async () => {
    const { api, invoked } = start();
    await api.files.chooseOpen({ purpose: 'container' });
    assert.deepEqual(invoked[0], [BRIDGE.invoke, 'files.chooseOpen', { purpose: 'container' }]);
    assert.ok(Object.isFrozen(api.files));
    assert.throws(() => {
      (api.files as unknown as Record<string, unknown>)['pathOf'] = () => Promise.resolve('/etc/shadow');
    }, TypeError);
  });

  it('delivers main-process events from the event channel', () => {
    const { api, listeners } = start();
    const seen: unknown[] = [];
    api.events.on('settings.changed', (payload) => seen.push(payload));
    listeners.get(BRIDGE.event)?.({}, 'settings.changed', { language: 'en' });
    assert.deepEqual(seen, [{ language: 'en' }]);
  });
});
