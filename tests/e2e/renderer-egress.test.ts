import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { allowTranspiledHelpers, launchApp } from '../support/chromium-shell.js';

/** Real loopback listeners: every datagram and every TCP connection that reaches them is counted. */
async function listeners() {
  const udp = dgram.createSocket('udp4');
  const seen = { datagrams: 0, connections: 0 };
  udp.on('message', () => seen.datagrams++);
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const tcp = net.createServer((socket) => {
    seen.connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    udpPort: udp.address().port,
    tcpPort: (tcp.address() as net.AddressInfo).port,
    close: () => Promise.all([new Promise((resolve) => udp.close(() => resolve(undefined))), new Promise((resolve) => tcp.close(() => resolve(undefined)))]),
  };
}

/** A WebRTC offer with a STUN server on the UDP listener and TURN servers (UDP and TCP) on both. */
const PEER_SCRIPT = `async (Peer, udpPort, tcpPort) => {
  const peer = new Peer({ iceServers: [
    { urls: 'stun:127.0.0.1:' + udpPort },
    { urls: 'turn:127.0.0.1:' + udpPort + '?transport=udp', username: 'u', credential: 'c' },
    { urls: 'turn:127.0.0.1:' + tcpPort + '?transport=tcp', username: 'u', credential: 'c' },
  ] });
  peer.createDataChannel('out');
  await peer.setLocalDescription(await peer.createOffer());
  await new Promise((resolve) => setTimeout(resolve, 1500));
  peer.close();
}`;

describe('The renderer sends not one packet (real Chromium shell, real loopback UDP and TCP listeners)', () => {
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let net0: Awaited<ReturnType<typeof listeners>>;

  before(async () => {
    net0 = await listeners();
    ({ shell, core } = await launchApp());
    page = shell.page;
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await net0?.close();
  });

  it('leaves no WebRTC interface in the page, a fresh iframe, a srcdoc iframe or a popup; every other channel is blocked; nothing arrives', async () => {
    await allowTranspiledHelpers(page);
    const outcome = await page.evaluate(
      async ([udpPort, tcpPort]) => {
        // From a timer task, as a page script runs: CDP's own evaluation is exempt from the CSP's eval rule.
        await new Promise((resolve) => setTimeout(resolve, 0));
        // PEER_SCRIPT's offer, written out here: the page's CSP forbids building it with eval.
        const tryPeer = async (Peer: unknown, udp: number, tcp: number) => {
          const peer = new (Peer as typeof RTCPeerConnection)({
            iceServers: [
              { urls: `stun:127.0.0.1:${udp}` },
              { urls: `turn:127.0.0.1:${udp}?transport=udp`, username: 'u', credential: 'c' },
              { urls: `turn:127.0.0.1:${tcp}?transport=tcp`, username: 'u', credential: 'c' },
            ],
          });
          peer.createDataChannel('out');
          await peer.setLocalDescription(await peer.createOffer());
          await new Promise((resolve) => setTimeout(resolve, 1500));
          peer.close();
        };
        const found: Record<string, string> = {};
        const realms: [string, Window | null][] = [['page', window]];
        const blank = document.createElement('iframe');
        document.body.append(blank);
        realms.push(['about:blank iframe', blank.contentWindow]);
        const srcdoc = document.createElement('iframe');
        // Trusted Types refuse HTML strings: the srcdoc stays empty (its realm is checked all the same).
        let srcdocRefused = false;
        try {
          srcdoc.srcdoc = '<p>x</p>';
        } catch {
          srcdocRefused = true;
        }
        document.body.append(srcdoc);
        realms.push(['srcdoc iframe', srcdoc.contentWindow]);
        realms.push(['popup', window.open('')]);
        realms.push(['window.frames[0]', window.frames[0] ?? null]);
        for (const [realm, global] of realms) {
          if (global === null) continue;
          for (const name of Object.getOwnPropertyNames(global).filter((n) => /RTC/.test(n))) found[`${realm}: ${name}`] = 'present';
          for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection']) {
            const Peer = (global as unknown as Record<string, unknown>)[name];
            if (typeof Peer !== 'function') continue;
            try {
              await tryPeer(Peer, udpPort, tcpPort);
              found[`${realm}: ${name}`] = 'offer made';
            } catch (error) {
              found[`${realm}: ${name}`] = String(error);
            }
          }
        }

        const target = `http://127.0.0.1:${tcpPort}`;
        const channels: Record<string, string> = {};
        const attempt = async (name: string, run: () => unknown) => {
          try {
            await run();
            channels[name] = 'no exception';
          } catch (error) {
            channels[name] = (error as Error).name;
          }
        };
        const element = <K extends keyof HTMLElementTagNameMap>(tag: K, set: (e: HTMLElementTagNameMap[K]) => void) => {
          const e = document.createElement(tag);
          set(e);
          document.body.append(e);
        };
        await attempt('fetch', () => fetch(target));
        await attempt('XHR', () => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', target);
          xhr.send();
        });
        await attempt('WebSocket', () => new WebSocket(`ws://127.0.0.1:${tcpPort}/`));
        await attempt('EventSource', () => new EventSource(target));
        await attempt('WebTransport (UDP)', () => new (window as unknown as { WebTransport: new (url: string) => unknown }).WebTransport(`https://127.0.0.1:${udpPort}/`));
        await attempt('img', () => element('img', (e) => (e.src = `${target}/i.png`)));
        await attempt('CSS', () => (document.body.style.backgroundImage = `url(${target}/b.png)`));
        await attempt('sendBeacon', () => navigator.sendBeacon(target, 'x'));
        for (const rel of ['prefetch', 'preconnect', 'dns-prefetch', 'preload']) await attempt(`link ${rel}`, () => element('link', (e) => ((e.rel = rel), (e.as = 'fetch'), (e.href = `${target}/${rel}`))));
        await attempt('form', () => element('form', (e) => ((e.action = target), (e.method = 'post'), setTimeout(() => e.submit()))));
        await attempt('frame', () => element('iframe', (e) => (e.src = target)));
        await attempt('a ping', () => element('a', (e) => ((e.href = '#'), (e.ping = target), e.click())));
        await attempt('audio', () => element('audio', (e) => (e.src = `${target}/a.mp3`)));
        await attempt('worker', () => new Worker(`${target}/w.js`));
        // eslint-disable-next-line no-restricted-syntax -- the page's own eval, which its CSP must refuse
        await attempt('eval', () => eval('1'));
        await attempt('Function', () => new Function('return 1')());
        await attempt('import()', () => import(/* @vite-ignore */ `${target}/m.js`));
        await attempt('window.open', () => window.open(target));
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return { found, channels, srcdocRefused };
      },
      [net0.udpPort, net0.tcpPort] as const,
    );

    assert.deepEqual(outcome.found, {}, 'no WebRTC interface in any realm');
    assert.equal(outcome.srcdocRefused, true);
    for (const name of ['eval', 'Function', 'worker']) assert.notEqual(outcome.channels[name], 'no exception', `${name} is refused by the CSP / Trusted Types`);
    assert.deepEqual(net0.seen, { datagrams: 0, connections: 0 }, JSON.stringify(outcome.channels));
  });

  it('sends no UDP and opens no TCP even where WebRTC is still there (an isolated world the init script never ran in)', async () => {
    // Proves the browser's own policy, not only the missing interfaces: CDP's isolated world has fresh globals.
    const cdp = await page.context().newCDPSession(page);
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'egress-probe' });
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: executionContextId,
      awaitPromise: true,
      returnByValue: true,
      expression: `(${PEER_SCRIPT})(RTCPeerConnection, ${net0.udpPort}, ${net0.tcpPort}).then(() => typeof RTCPeerConnection)`,
    });
    await cdp.detach();
    assert.equal(exceptionDetails, undefined, JSON.stringify(exceptionDetails));
    assert.equal(result.value, 'function', 'WebRTC exists in that world, so this tests the policy');
    assert.deepEqual(net0.seen, { datagrams: 0, connections: 0 });
  });

  it('navigating the page away sends nothing either (the route aborts it; run last, it leaves Chromium’s error page)', async () => {
    await page.evaluate((port) => void (location.href = `http://127.0.0.1:${port}/`), net0.tcpPort).catch(() => undefined);
    await page.waitForURL((url) => !url.href.startsWith('https://airlock.invalid/'), { timeout: 5000 }).catch(() => undefined);
    assert.ok(!page.url().startsWith(`http://127.0.0.1:${net0.tcpPort}`), page.url());
    assert.deepEqual(net0.seen, { datagrams: 0, connections: 0 });
  });
});
