import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApi, channelIndexOf } from '../../shared/ipc/api.js';
import { contract } from '../../shared/ipc/contract.js';
import { createAirlockStore } from '../../renderer/src/store.js';
import type { Core } from '../../electron/core/core.js';
import { testCore, TRUSTED } from '../support/core.js';

/** The renderer's store on the real core, through the same buildApi() the shells use. */
function storeOn(core: Core, invoke = (channel: string, payload: unknown) => core.dispatcher.dispatch(channel, payload, TRUSTED)) {
  const api = buildApi(channelIndexOf(contract), { invoke, listen: (listener) => void core.services.events.subscribe(listener) });
  return createAirlockStore(api);
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** The store started on `core`, its first loads answered. */
async function startedOn(core: Core) {
  const store = storeOn(core);
  store.getState().start();
  await settled();
  return store;
}

describe('renderer store on the real core', () => {
  it('loads session, zones, language and app info on start', async () => {
    const store = storeOn(testCore());
    store.getState().start();
    await settled();
    const state = store.getState();
    assert.deepEqual(state.session, { locked: false });
    assert.deepEqual(state.zones, { active: null, highestClassification: 'unclassified' });
    assert.equal(state.language, 'vi');
    assert.equal(state.appInfo?.shell, 'chromium');
  });

  it('follows the core: lock and a refused unlock with its error', async () => {
    const core = testCore();
    const store = storeOn(core);
    store.getState().start();
    await settled();
    await store.getState().lock();
    assert.equal(store.getState().session?.locked, true);
    await store.getState().unlock({ serial: 'X1', label: 'Token' }, '1234');
    assert.equal(store.getState().session?.locked, true);
    assert.equal(store.getState().lastError?.code, 'session.unlockUnavailable');
  });

  it('locks when the core locks by itself (idle timer, token pulled): the event reaches the UI', async () => {
    const core = testCore();
    const store = storeOn(core);
    store.getState().start();
    await settled();
    core.services.session.lock('idle');
    const session = store.getState().session;
    assert.ok(session?.locked === true && session.reason === 'idle');
  });

  it('shows "core unavailable" when the bridge itself fails, and keeps its last known state', async () => {
    const core = testCore();
    let broken = false;
    const store = storeOn(core, (channel, payload) => (broken ? Promise.reject(new Error('bridge down')) : core.dispatcher.dispatch(channel, payload, TRUSTED)));
    store.getState().start();
    await settled();
    broken = true;
    await store.getState().setLanguage('en');
    assert.equal(store.getState().lastError?.code, 'ipc.unavailable');
    assert.equal(store.getState().language, 'vi');
  });
});

describe('renderer store: zones (real core without a policy or helper, core events emitted by hand)', () => {
  it('loads the overview: no policy means refused, no zone live', async () => {
    const store = storeOn(testCore());
    store.getState().start();
    await settled();
    const overview = store.getState().zonesOverview;
    assert.deepEqual(overview?.policy, { state: 'refused', reason: 'missing' });
    assert.deepEqual(overview?.zones, []);
  });

  it('a switch refused by the core keeps its report (steps waiting, the error) until dismissed', async () => {
    const store = storeOn(testCore());
    store.getState().start();
    await settled();
    await store.getState().switchZone('internet', 'Tra cứu văn bản', { serial: 'S1', label: 'Token' }, '123456');
    const view = store.getState().zoneSwitch;
    assert.equal(view?.outcome.status, 'failed');
    assert.equal(view?.outcome.status === 'failed' && view.outcome.error.code, 'zone.policyRefused');
    assert.equal(view?.steps.authorise, 'waiting');
    store.getState().dismissZoneSwitch();
    assert.equal(store.getState().zoneSwitch, null);
  });

  it('a watchdog alert reaches the banner and the list, even while locked, and stays until acknowledged', async () => {
    const core = testCore();
    const store = storeOn(core);
    store.getState().start();
    await settled();
    core.services.session.lock('manual');
    const alert = { action: 'cut' as const, interface: 'zcoyeu0', zone: 'co-yeu', at: new Date().toISOString(), reactionMs: 12 };
    core.services.events.emit('zones.alert', alert);
    assert.deepEqual(store.getState().watchdogAlert, alert);
    assert.deepEqual(store.getState().zonesOverview?.alerts[0], alert);
    store.getState().acknowledgeWatchdog();
    assert.equal(store.getState().watchdogAlert, null);
  });
});

describe('renderer store: a window opened in the middle of a switch (each zone has its own window)', () => {
  it('picks the steps up from the first progress event it sees, earlier steps shown done', async () => {
    const core = testCore();
    const store = storeOn(core);
    store.getState().start();
    await settled();
    core.services.events.emit('zones.progress', { step: 'killSockets', state: 'running' });
    const view = store.getState().zoneSwitch;
    assert.deepEqual(view?.steps, { authorise: 'done', leaveZone: 'done', killSockets: 'running', firewall: 'waiting', linksDown: 'waiting', targetUp: 'waiting', route: 'waiting', dns: 'waiting', verify: 'waiting' });
    core.services.events.emit('zones.progress', { step: 'killSockets', state: 'done' });
    assert.equal(store.getState().zoneSwitch?.steps.killSockets, 'done');
  });
});

describe('renderer store: recent documents and dropped files (real core, memory store)', () => {
  const entry = { path: '/home/official/Nhận/cong-van.alc', fileName: 'Công văn.txt', level: 'unclassified' as const, signer: 'Trần Thị Bình', openedAt: '2026-11-25T08:00:00.000Z' };

  it('shows the list main keeps, forgets an entry through main, and drops the list at lock', async () => {
    const core = testCore();
    const store = storeOn(core);
    store.getState().start();
    await settled();
    await core.services.recent.remember(entry);
    await core.services.recent.remember({ ...entry, path: '/home/official/Nhận/to-trinh.alc', openedAt: '2026-11-25T09:00:00.000Z' });
    await store.getState().loadRecentDocuments();
    assert.deepEqual(store.getState().documents.recent.map((item) => item.path), ['/home/official/Nhận/to-trinh.alc', entry.path]);
    await store.getState().forgetRecentDocument(entry.path);
    assert.deepEqual(store.getState().documents.recent.map((item) => item.path), ['/home/official/Nhận/to-trinh.alc']);
    assert.deepEqual((await core.services.recent.list()).map((item) => item.path), ['/home/official/Nhận/to-trinh.alc']);
    await store.getState().lock();
    assert.deepEqual(store.getState().documents.recent, []);
  });

  it('a dropped non-container file becomes the file to encrypt, by the path the bridge answers', async () => {
    const core = testCore();
    const dropped = { name: 'Tờ trình.pdf' };
    const api = buildApi(channelIndexOf(contract), {
      invoke: (channel, payload) => core.dispatcher.dispatch(channel, payload, TRUSTED),
      listen: (listener) => void core.services.events.subscribe(listener),
      pathOf: (file) => Promise.resolve(file === dropped ? '/home/official/Tờ trình.pdf' : null),
    });
    const store = createAirlockStore(api);
    assert.deepEqual(await store.getState().dropDocuments([{ name: dropped.name, isFolder: false, file: dropped }]), { status: 'source', name: 'Tờ trình.pdf', several: false });
    assert.equal(store.getState().encryption.source, '/home/official/Tờ trình.pdf');
    assert.deepEqual(await store.getState().dropDocuments([{ name: 'made.txt', isFolder: false, file: {} }]), { status: 'noPath', name: 'made.txt' });
  });
});

/**
 * The store started on the real core, whose answers to `documents.open` the test holds until it
 * calls `release`, as a slow disk or a busy token would: the user can move on meanwhile.
 */
async function withHeldOpen() {
  const core = testCore();
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const store = storeOn(core, async (channel, payload) => {
    const reply = await core.dispatcher.dispatch(channel, payload, TRUSTED);
    if (channel === 'documents.open') await held;
    return reply;
  });
  store.getState().start();
  await settled();
  return { core, store, release };
}

describe('renderer store: an alert belongs to the screen and the side of the lock that raised it (real core)', () => {
  it('a document error goes when the user moves to another screen, and at a lock', async () => {
    const core = testCore();
    const store = await startedOn(core);
    store.getState().showScreen('documents');
    await store.getState().openDocument('/nonexistent/thu-moi.airlock');
    assert.notEqual(store.getState().lastError, null, 'the open failed on the Documents screen');
    store.getState().showScreen('zones');
    assert.equal(store.getState().lastError, null, 'not carried to the Zones screen');
    store.getState().showScreen('documents');
    await store.getState().openDocument('/nonexistent/thu-moi.airlock');
    core.services.session.lock('manual');
    assert.equal(store.getState().lastError, null, 'not carried to the lock screen');
  });

  it('a refused unlock stays on the lock screen; the unlock puts it away', async () => {
    const core = testCore();
    const store = await startedOn(core);
    await store.getState().lock();
    await store.getState().unlock({ serial: 'X1', label: 'Token' }, '1234');
    assert.equal(store.getState().lastError?.code, 'session.unlockUnavailable');
    // The test core has no token to unlock with: the core's own event, emitted by hand.
    core.services.events.emit('session.changed', { locked: false });
    assert.equal(store.getState().lastError, null);
  });

  it('the switch report outlives the lock the switch causes and goes at the unlock', async () => {
    const core = testCore();
    const store = await startedOn(core);
    await store.getState().switchZone('internet', 'Tra cứu văn bản', { serial: 'S1', label: 'Token' }, '123456');
    assert.equal(store.getState().zoneSwitch?.outcome.status, 'failed');
    core.services.session.lock('zoneSwitch');
    assert.equal(store.getState().zoneSwitch?.outcome.status, 'failed', 'the lock screen still shows it');
    core.services.events.emit('session.changed', { locked: false });
    assert.equal(store.getState().zoneSwitch, null, 'its "unlock it" is done');
  });

  it('a failure that lands after the user moved on is not shown on the new screen; it waits on its own screen', async () => {
    const { store, release } = await withHeldOpen();
    store.getState().showScreen('documents');
    const opening = store.getState().openDocument('/nonexistent/thu-moi.alc');
    store.getState().showScreen('zones');
    release();
    await opening;
    assert.equal(store.getState().lastError, null, 'the Documents failure is not shown on the Zones screen');
    store.getState().showScreen('documents');
    assert.equal(store.getState().lastError?.code, 'document.invalidPath', 'back on Documents, the late failure is there');
    assert.equal(store.getState().lastError?.channel, 'documents.open', 'named by its request: "the document could not be opened"');
    store.getState().showScreen('audit');
    assert.equal(store.getState().lastError, null, 'once seen, it goes when the user moves on');
    store.getState().showScreen('documents');
    assert.equal(store.getState().lastError, null, 'and does not come back');
  });

  it('a failure asked for before a lock is dropped; one asked on the lock screen is not shown after the unlock', async () => {
    const { core, store, release } = await withHeldOpen();
    const opening = store.getState().openDocument('/nonexistent/thu-moi.alc');
    core.services.session.lock('manual');
    core.services.events.emit('session.changed', { locked: false });
    release();
    await opening;
    assert.equal(store.getState().lastError, null);
    assert.deepEqual(store.getState().parkedErrors, {});
  });

  it('lands on the first screen that works: Messages, where an official’s day begins (issue #15)', () => {
    assert.equal(storeOn(testCore()).getState().screen, 'messages');
  });
});
