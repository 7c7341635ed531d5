import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApi, channelIndexOf, type BridgeTransport } from '../../shared/ipc/api.js';
import { channelsOf } from '../../shared/ipc/channel.js';
import { contract } from '../../shared/ipc/contract.js';

function recordingTransport(): BridgeTransport & { calls: [string, unknown][]; emit: (name: string, payload: unknown) => void } {
  const calls: [string, unknown][] = [];
  let listener: (name: string, payload: unknown) => void = () => undefined;
  return {
    calls,
    emit: (name, payload) => listener(name, payload),
    invoke: (channel, payload) => {
      calls.push([channel, payload]);
      return Promise.resolve({ ok: true, value: channel });
    },
    listen: (l) => {
      listener = l;
    },
  };
}

describe('the API object both shells expose', () => {
  it('has one function per contract channel, forwarding name and payload', async () => {
    const transport = recordingTransport();
    const api = buildApi(channelIndexOf(contract), transport);
    for (const name of channelsOf(contract).keys()) {
      const [domain = '', method = ''] = name.split('.');
      const call = (api as unknown as Record<string, Record<string, (r: unknown) => Promise<unknown>>>)[domain]?.[method];
      assert.equal(typeof call, 'function', name);
      assert.deepEqual(await call?.({ probe: name }), { ok: true, value: name });
    }
    assert.equal(transport.calls.length, channelsOf(contract).size);
  });

  it('is frozen all the way down, so page scripts cannot swap a function', () => {
    const api = buildApi(channelIndexOf(contract), recordingTransport());
    assert.ok(Object.isFrozen(api));
    assert.ok(Object.isFrozen(api.session));
    assert.ok(Object.isFrozen(api.events));
    assert.throws(() => {
      (api.session as unknown as Record<string, unknown>)['lock'] = () => 'hijacked';
    }, TypeError);
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const transport = recordingTransport();
    const api = buildApi(channelIndexOf(contract), transport);
    const seen: unknown[] = [];
    const off = api.events.on('session.changed', (payload) => seen.push(payload));
    transport.emit('session.changed', { locked: false });
    transport.emit('zones.changed', { other: true });
    off();
    transport.emit('session.changed', { locked: true });
    assert.deepEqual(seen, [{ locked: false }]);
  });
});
