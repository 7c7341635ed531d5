import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BRIDGE } from '../../shared/ipc/bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/platform/csp.js';
import { ZoneWindows } from '../../electron/shells/electron/zone-windows.js';
import { startElectronShell } from '../../electron/shells/electron/shell.js';
import { FakeEvent, FakeFrame, FakeWebContents, fakeElectronFacade } from './fake-electron-facade.js';

describe('Electron glue, driven through an injected FAKE electron facade', () => {
  let rendererRoot: string;
  before(async () => {
    rendererRoot = await mkdtemp(path.join(tmpdir(), 'airlock-glue-'));
    await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Airlock</title>');
  });
  after(() => rm(rendererRoot, { recursive: true, force: true }));

  const start = async (options: { singleInstance?: boolean; isPackaged?: boolean } = {}) => {
    const fake = fakeElectronFacade(options);
    const core = await startElectronShell(fake.facade, { rendererRoot, preloadPath: '/opt/airlock/preload.cjs', tokenProcessEntry: '/opt/airlock/token-process.js' });
    return { ...fake, core };
  };

  it('creates the window sandboxed, isolated, without Node, webview or devtools (packaged), in the no-zone partition', async () => {
    const { windows, partitions } = await start();
    assert.equal(windows.length, 1);
    const prefs = windows[0]?.options.webPreferences;
    assert.equal(prefs?.['session'], partitions.get('zone-none'), 'an in-memory partition of its own, not the default session');
    assert.deepEqual(
      { ...prefs, session: undefined },
      {
        session: undefined,
        preload: '/opt/airlock/preload.cjs',
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
        devTools: false,
      },
    );
    assert.deepEqual(windows[0]?.loaded, ['app://airlock/index.html']);
  });

  it('entering a zone opens a window in that zone’s partition, then destroys the old window and wipes its partition', async () => {
    const fake = fakeElectronFacade();
    const zoneWindows = new ZoneWindows(fake.facade, { preloadPath: '/opt/airlock/preload.cjs', rendererRoot, isPackaged: true, appOrigin: 'app://airlock' });
    const first = zoneWindows.window;
    await zoneWindows.enterPartition('co-yeu');
    const cipher = fake.partitions.get('zone-co-yeu');
    assert.ok(cipher);
    assert.equal(fake.windows.length, 2);
    assert.equal(fake.windows[1]?.options.webPreferences?.['session'], cipher);
    assert.equal(first.isDestroyed(), true);
    assert.deepEqual(fake.partitions.get('zone-none')?.cleared, ['storage', 'cache', 'connections']);
    assert.ok(cipher.protocolHandlers.has('app'), 'the new partition serves the app');
    assert.ok(cipher.permissionRequest !== undefined && cipher.beforeRequest !== undefined, 'and is hardened like the default session');
    await zoneWindows.enterPartition('co-yeu');
    assert.equal(fake.windows.length, 2, 'the same zone again: no new window');
    await zoneWindows.enterPartition('internet');
    assert.deepEqual(cipher.cleared, ['storage', 'cache', 'connections']);
    assert.equal(zoneWindows.window, fake.windows[2]);
  });

  it('asks main for files through Electron’s own dialogs, modal to the zone window (a FAKE dialog answers)', async () => {
    const { core, recorded, windows } = await start();
    assert.ok(core);
    // The channel itself needs an unlocked session (the FAKE token process cannot unlock); the port behind it:
    assert.deepEqual(await core.services.files?.chooseOpen('container'), ['/home/official/Documents/received.alc']);
    assert.equal(recorded.dialogs[0]?.[0], windows[0]);
    assert.deepEqual((recorded.dialogs[0]?.[1] as { filters: unknown }).filters, [{ name: 'Airlock', extensions: ['alc'] }]);
    // CRLs: several files at once, filtered to revocation lists (issue #13).
    assert.deepEqual(await core.services.files?.chooseOpen('crl'), ['/media/usb/root.crl', '/media/usb/issuing.crl']);
    const crlOptions = recorded.dialogs[1]?.[1] as { filters: unknown; properties: string[] };
    assert.ok(crlOptions.properties.includes('multiSelections'));
    assert.deepEqual(crlOptions.filters, [{ name: 'CRL', extensions: ['crl', 'pem', 'der'] }]);
    assert.equal(await core.services.files?.chooseSave('Công văn.txt'), null, 'a cancelled dialog is a null path, not an error');
    // Main never overwrites (a taken name gets " (2)"), so the dialog must not ask "replace?".
    assert.ok(!(recorded.dialogs[2]?.[1] as { properties: string[] }).properties.includes('showOverwriteConfirmation'));
    // The folders follow Electron's documents folder (a FAKE path here): the inbox and the folder for decrypted files.
    assert.deepEqual(core.services.documentFolders, { exports: '/nonexistent/airlock-fake/documents/Airlock', inbox: '/nonexistent/airlock-fake/documents/Airlock/Inbox' });
    core.stop();
  });

  it('keeps devtools available in a development (unpackaged) run only', async () => {
    const { windows, recorded } = await start({ isPackaged: false });
    assert.equal(windows[0]?.options.webPreferences?.['devTools'], true);
    assert.deepEqual(recorded.menus, [], 'the default menu stays in development');
    const packaged = await start({ isPackaged: true });
    assert.deepEqual(packaged.recorded.menus, [null], 'no menu (reload, devtools) in a packaged build');
  });

  it('serves the renderer over a privileged app: scheme with the CSP header', async () => {
    const { session, recorded } = await start();
    assert.deepEqual(recorded.schemes, [
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false, bypassCSP: false } },
    ]);
    const handler = session.protocolHandlers.get('app');
    assert.ok(handler);
    const response = await handler(new Request('app://airlock/index.html'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(await response.text(), /<title>Airlock<\/title>/);
    const escape = await handler(new Request('app://airlock/..%2f..%2fetc/passwd'));
    assert.equal(escape.status, 403);
  });

  it('sends no WebRTC UDP from any webContents or zone window, behind an unreachable proxy and without DNS (the FAKE facade records each setting)', async () => {
    const { app, windows, session, partitions } = await start();
    assert.deepEqual(app.switches, [
      ['proxy-server', 'http://airlock-no-proxy.invalid:9'],
      ['proxy-bypass-list', '<-loopback>'],
      ['host-resolver-rules', 'MAP * ~NOTFOUND'],
    ]);
    assert.equal(windows[0]?.webContents.webRtcPolicy, 'disable_non_proxied_udp');
    const other = new FakeWebContents();
    app.fire('web-contents-created', new FakeEvent(), other);
    assert.equal(other.webRtcPolicy, 'disable_non_proxied_udp', 'any webContents, not only ours');
    const proxy = { proxyRules: 'http://airlock-no-proxy.invalid:9', proxyBypassRules: '<-loopback>' };
    assert.deepEqual(session.proxy, proxy);
    assert.deepEqual(partitions.get('zone-none')?.proxy, proxy);

    const fake = fakeElectronFacade();
    const zoneWindows = new ZoneWindows(fake.facade, { preloadPath: '/opt/airlock/preload.cjs', rendererRoot, isPackaged: true, appOrigin: 'app://airlock' });
    await zoneWindows.enterPartition('co-yeu');
    assert.deepEqual(
      fake.windows.map((window) => window.webContents.webRtcPolicy),
      ['disable_non_proxied_udp', 'disable_non_proxied_udp'],
    );
    assert.deepEqual(fake.partitions.get('zone-co-yeu')?.proxy, proxy);
  });

  it('denies navigation, redirects, window.open, <webview> and devtools on every webContents', async () => {
    const { app } = await start({ isPackaged: true });
    const contents = new FakeWebContents();
    app.fire('web-contents-created', new FakeEvent(), contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = new FakeEvent();
      contents.fire(name, event, 'https://evil.example/');
      assert.equal(event.prevented, true, name);
    }
    assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
    contents.fire('devtools-opened');
    assert.equal(contents.devToolsClosed, 1);
  });

  it('denies every permission, download and request that is not for the app origin', async () => {
    const { session } = await start();
    const granted: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'usb', 'hid']) {
      session.permissionRequest?.(null, permission, (allow: boolean) => granted.push(allow));
      assert.equal(session.permissionCheck?.(null, permission), false);
    }
    assert.deepEqual(granted, [false, false, false, false, false, false]);
    assert.equal(session.devicePermission?.({}), false);

    const download = new FakeEvent();
    session.fire('will-download', download);
    assert.equal(download.prevented, true);

    const decide = (url: string) => {
      let cancel: boolean | undefined;
      session.beforeRequest?.({ url }, (response: { cancel: boolean }) => (cancel = response.cancel));
      return cancel;
    };
    assert.equal(decide('app://airlock/assets/index.js'), false);
    assert.equal(decide('https://example.com/'), true);
    assert.equal(decide('app://airlock.evil/x.js'), true);
    assert.equal(decide('file:///etc/passwd'), true);
  });

  it('checks the sender frame of every IPC message', async () => {
    const { ipcHandlers, windows, core } = await start();
    const handler = ipcHandlers.get(BRIDGE.invoke);
    assert.ok(handler && core);
    const own = windows[0]?.webContents;
    assert.ok(own);
    const invoke = (sender: FakeWebContents, senderFrame: FakeFrame | null) => handler({ sender, senderFrame }, 'zones.status', {}) as Promise<unknown>;

    assert.deepEqual(await invoke(own, own.mainFrame), { ok: true, value: { active: null, highestClassification: 'unclassified' } });
    const forbidden = { ok: false, error: { code: 'ipc.forbiddenSender', messageKey: 'error.ipc.forbiddenSender' } };
    const child = new FakeFrame('app://airlock/index.html');
    child.parent = own.mainFrame;
    assert.deepEqual(await invoke(own, child), forbidden, 'a sub-frame');
    assert.deepEqual(await invoke(own, null), forbidden, 'a destroyed frame');
    assert.deepEqual(await invoke(new FakeWebContents(), new FakeWebContents().mainFrame), forbidden, 'another webContents');
    own.mainFrame.url = 'https://evil.example/';
    assert.deepEqual(await invoke(own, own.mainFrame), forbidden, 'the main frame after navigating away');
  });

  it('runs the token service in a utility process and starts locked', async () => {
    const { recorded, core } = await start();
    assert.equal(recorded.utilityForks.length, 1);
    assert.equal(recorded.utilityForks[0]?.modulePath, '/opt/airlock/token-process.js');
    assert.deepEqual(recorded.utilityForks[0]?.options, { serviceName: 'Airlock token service', stdio: 'inherit' });
    const state = core?.services.session.state();
    assert.ok(state?.locked && state.reason === 'startup');
    core?.stop();
  });

  it('forwards core events to the window', async () => {
    const { windows, core } = await start();
    core?.services.settings.setLanguage('en');
    const sent = windows[0]?.webContents.sent ?? [];
    assert.deepEqual(sent[0], [BRIDGE.event, 'settings.changed', { language: 'en' }]);
    core?.stop();
  });

  it('quits without a window or core when another instance holds the lock', async () => {
    const { windows, recorded, core } = await start({ singleInstance: false });
    assert.equal(core, undefined);
    assert.equal(windows.length, 0);
    assert.equal(recorded.quit, 1);
  });
});
