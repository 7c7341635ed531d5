import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApi, channelIndexOf } from '../../shared/ipc/api.js';
import { contract } from '../../shared/ipc/contract.js';
import { createAirlockStore, lockResetOf, SLICES } from '../../renderer/src/store.js';
import { testCore, TRUSTED } from '../support/core.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** The state fields every screen shares (store.ts's AppState): not a feature's; the lock empties the alerts itself. */
const APP_FIELDS = ['screen', 'lastError', 'parkedErrors', 'busy'];

describe('renderer store: a lock puts every feature slice back to its initial state (real core)', () => {
  it('every data field of the store belongs to a slice, and every slice says for each field what a lock does', () => {
    const store = createAirlockStore(buildApi(channelIndexOf(contract), { invoke: () => Promise.resolve({ ok: true, value: {} }), listen: () => {} }));
    const data = Object.entries(store.getState())
      .filter(([, value]) => typeof value !== 'function')
      .map(([field]) => field)
      .filter((field) => !APP_FIELDS.includes(field));
    const owned = SLICES.flatMap((slice) => Object.keys(slice.initial));
    assert.deepEqual([...data].sort(), [...owned].sort(), 'a field outside the slices would escape the lock reset');
    assert.equal(new Set(owned).size, owned.length, 'no field belongs to two slices');
    for (const slice of SLICES) assert.deepEqual(Object.keys(slice.atLock).sort(), Object.keys(slice.initial).sort());
    // What the lock screen shows, and nothing more, outlives a lock: a new field kept there must be added here, on purpose.
    const kept = SLICES.flatMap((slice) => Object.entries(slice.atLock).filter(([, rule]) => rule === 'kept').map(([field]) => field));
    assert.deepEqual(kept.sort(), ['appInfo', 'language', 'session', 'tokenService', 'tokens', 'tour', 'tourShown', 'training', 'watchdogAlert', 'zoneSwitch', 'zones', 'zonesOverview']);
  });

  for (const how of ['the core locking by itself (idle)', 'the lock button'] as const) {
    it(`after ${how}, every field a slice resets holds its initial value again, whatever it held`, async () => {
      const core = testCore();
      const api = buildApi(channelIndexOf(contract), { invoke: (channel, payload) => core.dispatcher.dispatch(channel, payload, TRUSTED), listen: (listener) => void core.services.events.subscribe(listener) });
      const store = createAirlockStore(api);
      store.getState().start();
      await settled();
      assert.equal(store.getState().session?.locked, false);
      // Every resettable field of every slice holds something a session left behind.
      const resets = SLICES.map(lockResetOf);
      assert.ok(resets.some((fields) => Object.keys(fields).length > 0));
      store.setState(Object.fromEntries(resets.flatMap((fields) => Object.keys(fields).map((field) => [field, { leftOver: field }]))));
      store.setState({ parkedErrors: { audit: { code: 'ipc.internal', messageKey: 'error.ipc.internal', place: 'audit', channel: 'audit.query' } } });
      if (how === 'the lock button') await store.getState().lock();
      else core.services.session.lock('idle');
      assert.equal(store.getState().session?.locked, true);
      assert.deepEqual(store.getState().parkedErrors, {}, 'a failure kept for a screen of the session goes with it');
      const state = store.getState() as unknown as Record<string, unknown>;
      for (const [index, fields] of resets.entries()) {
        for (const [field, initial] of Object.entries(fields)) assert.deepEqual(state[field], initial, `slice ${index}: ${field} after the lock`);
      }
    });
  }
});
