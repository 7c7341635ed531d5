import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BRIDGE } from '../../shared/ipc/bridge.js';
import type { SenderInfo } from '../../electron/core/ipc/sender-policy.js';
import { openPageChannel, type PageChannel } from '../../electron/shells/chromium/page-channel.js';
import { recordingLog } from '../support/core.js';
import { allowTranspiledHelpers, CHROMIUM } from '../support/chromium-shell.js';

type Behaviour = 'answer' | 'throw' | 'wait';

/**
 * The shell's page channel alone, on a real Chromium page without the app: no init script, so the
 * raw binding stays where a script can call it, and the page records what the shell sends back.
 */
describe('Chromium shell page channel (real Chromium page, no app)', () => {
  let browser: Browser;
  let page: Page;
  let channel: PageChannel;
  const log = recordingLog();
  const senders: SenderInfo[] = [];
  let behaviour: Behaviour = 'answer';
  let release: () => void = () => undefined;
  let malformed = 0;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  const act = async (value: unknown, sender: SenderInfo) => {
    senders.push(sender);
    if (behaviour === 'throw') throw new Error(`handler bug at ${import.meta.filename}`);
    if (behaviour === 'wait') await new Promise<void>((resolve) => (release = resolve));
    return value;
  };
  const raw = (target: 'page' | 'iframe', text: string) =>
    page.evaluate(
      ([name, sink, where, body]) => {
        const global = (where === 'page' ? window : (document.querySelector('iframe') as HTMLIFrameElement).contentWindow) as unknown as Record<string, unknown>;
        const replies = (global['recordedReplies'] ??= []) as unknown[];
        const before = replies.length;
        global[sink] ??= (id: number, reply: unknown) => replies.push([id, reply]);
        (global[name] as (text: string) => void)(body);
        return new Promise<unknown[]>((resolve) => setTimeout(() => resolve(replies.slice(before)), 300));
      },
      [BRIDGE.channelBinding, BRIDGE.replySink, target, text] as const,
    );
  const settled = async () => {
    for (let i = 0; i < 200 && channel.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(channel.inFlight, 0);
  };

  before(async () => {
    process.on('unhandledRejection', onRejection);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, chromiumSandbox: process.getuid?.() !== 0 });
    const context = await browser.newContext();
    await context.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>t</title><iframe></iframe>' }));
    page = await context.newPage();
    channel = await openPageChannel(page, { invoke: (name, payload, sender) => act({ name, payload }, sender), pathOf: (file, sender) => act(`/home/${file}`, sender) as Promise<string>, malformed: () => void malformed++ }, log);
    await page.goto('https://airlock.invalid/');
    await allowTranspiledHelpers(page);
  });
  after(async () => {
    await browser?.close();
    process.off('unhandledRejection', onRejection);
  });

  it('answers into the calling document, with the sender as Chromium reports it: the main frame, or not', async () => {
    assert.deepEqual(await raw('page', JSON.stringify({ id: 1, op: 'invoke', channel: 'app.info', payload: {} })), [[1, { name: 'app.info', payload: {} }]]);
    assert.deepEqual(await raw('iframe', JSON.stringify({ id: 2, op: 'pathOf', file: 'a' })), [[2, '/home/a']]);
    assert.deepEqual(senders, [
      { frameUrl: 'https://airlock.invalid/', isMainFrame: true },
      { frameUrl: 'https://airlock.invalid/', isMainFrame: false },
    ]);
  });

  it('reports text that is not a call as malformed (to be audited), answering only when it carries an id', async () => {
    assert.deepEqual(await raw('page', 'not json'), []);
    assert.deepEqual(await raw('page', JSON.stringify({ id: 11, op: 'run' })), [[11, { ok: false, error: { code: 'ipc.invalidRequest', messageKey: 'error.ipc.invalidRequest' } }]]);
    assert.equal(malformed, 2);
    assert.equal(senders.length, 2, 'no handler ran for them');
  });

  it('turns a handler that throws into ipc.internal (null for a path): logged in full, nothing of it sent, no rejection', async () => {
    behaviour = 'throw';
    const replies = [...(await raw('page', JSON.stringify({ id: 3, op: 'invoke', channel: 'x' }))), ...(await raw('page', JSON.stringify({ id: 4, op: 'pathOf', file: 'b' })))];
    behaviour = 'answer';
    assert.deepEqual(replies, [
      [3, { ok: false, error: { code: 'ipc.internal', messageKey: 'error.ipc.internal' } }],
      [4, null],
    ]);
    assert.equal(log.internal.length, 2);
    await settled();
    assert.deepEqual(rejections, []);
  });

  it('gives a dedicated worker, a fresh global the init script does not reach, no peer connection to make', async () => {
    const names = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(Object.getOwnPropertyNames(self).filter((name) => /RTCPeer/.test(name)))'], { type: 'text/javascript' })));
          worker.onmessage = (event) => resolve(event.data);
        }),
    );
    assert.deepEqual(names, []);
  });

  it('drops the answer to a call whose page closed meanwhile: settled, nothing kept, no rejection', async () => {
    behaviour = 'wait';
    await page.evaluate((name) => (window as unknown as Record<string, (text: string) => void>)[name]?.(JSON.stringify({ id: 5, op: 'invoke', channel: 'slow' })), BRIDGE.channelBinding);
    for (let i = 0; i < 100 && channel.inFlight === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(channel.inFlight, 1, 'the call is with the handler');
    await page.close();
    release();
    await settled();
    assert.deepEqual(rejections, []);
  });
});
