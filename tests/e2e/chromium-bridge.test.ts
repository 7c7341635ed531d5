import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BRIDGE } from '../../shared/ipc/bridge.js';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { allowTranspiledHelpers, exposeRawChannel, launchApp, waitUntilSettled } from '../support/chromium-shell.js';

type Api = { airlock: { app: { info(r: unknown): Promise<{ ok: boolean }> }; settings: { setLanguage(r: unknown): Promise<unknown> } } };
const INVALID = { ok: false, error: { code: 'ipc.invalidRequest', messageKey: 'error.ipc.invalidRequest' } };
const root = path.resolve(import.meta.dirname, '../..');

/** What must never reach the page: a stack frame, a source file, a path of this machine. */
function assertNoInternals(reply: unknown): void {
  const text = JSON.stringify(reply);
  assert.ok(!text.includes(root) && !/\.(ts|js):\d|\bat \S+ \(|Error:/.test(text), text.slice(0, 300));
}

describe('The Chromium shell’s bridge cannot be knocked over from the page (real Chromium, real core)', () => {
  let shell: ChromiumShell;
  let core: Core;
  let log: Awaited<ReturnType<typeof launchApp>>['log'];
  let page: Page;
  // Counted, not swallowed: any rejection the page causes in this (the core's) process fails the suite.
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  const appInfo = () => page.evaluate(() => (window as unknown as Api).airlock.app.info({}));

  before(async () => {
    process.on('unhandledRejection', onRejection);
    ({ shell, core, log } = await launchApp());
    page = shell.page;
    await page.waitForFunction(() => 'airlock' in window);
    await allowTranspiledHelpers(page);
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    process.off('unhandledRejection', onRejection);
  });

  it('leaves no raw binding for a page script: not in the page, a fresh iframe or a popup, and a popup gets no API', async () => {
    const seen = await page.evaluate(() => {
      const bindingLike = (global: Window | null) => (global === null ? ['<no window>'] : Object.getOwnPropertyNames(global).filter((name) => /^__(playwright|airlockChannel|airlockInvoke|airlockFilePath)/.test(name)));
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const popup = window.open('');
      return {
        page: bindingLike(window),
        iframe: bindingLike(frame.contentWindow),
        popup: bindingLike(popup),
        popupApi: typeof (popup as unknown as Record<string, unknown> | null)?.['airlock'],
      };
    });
    assert.deepEqual(seen, { page: [], iframe: [], popup: [], popupApi: 'undefined' });
    // The shell closes the popup; the app's page is answered as before.
    for (let i = 0; i < 200 && shell.context.pages().length > 1; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(shell.context.pages().length, 1);
    assert.equal((await appInfo()).ok, true);
  });

  it('takes garbage on the raw binding (as if a script had reached it) without ending or stalling the core, and audits it', async () => {
    const audited: unknown[][] = [];
    const record = core.services.audit.record.bind(core.services.audit);
    core.services.audit.record = (...args) => {
      audited.push(args);
      record(...args);
    };
    await exposeRawChannel(page);
    let deep = '1';
    for (let i = 0; i < 6000; i++) deep = `{"a":${deep}}`;
    const texts = [
      'not json',
      'null',
      '',
      '{}',
      '[]',
      '"text"',
      '{"id":1}',
      '{"id":-1,"op":"invoke","channel":"app.info"}',
      '{"id":2,"op":"pathOf","file":"../../etc/passwd"}',
      '{"id":3,"op":"invoke","channel":"app.info","payload":{},"extra":1}',
      '{"__proto__":{"polluted":true},"id":4,"op":"invoke","channel":"app.info"}',
      `{"id":5,"op":"invoke","channel":"settings.setLanguage","payload":${deep}}`,
      `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`,
      'x'.repeat(5 * 1024 * 1024),
    ];
    const thrown = await page.evaluate(
      ([name, list]) => {
        const raw = (window as unknown as Record<string, (text: unknown) => void>)[name];
        let count = 0;
        for (const text of [...list, 42, undefined, { id: 6 }]) {
          try {
            raw?.(text);
          } catch {
            count++;
          }
        }
        return { count, callable: typeof raw };
      },
      [BRIDGE.channelBinding, texts] as const,
    );
    assert.equal(thrown.callable, 'function', 'the simulated breach put the raw binding back');
    await waitUntilSettled(shell);
    assert.deepEqual(rejections, []);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.ok(log.refusals.filter((entry) => entry.channel === '<page channel>').length >= 10, JSON.stringify(log.refusals));
    assert.deepEqual(log.internal, [], 'nothing reached the handler-bug path');
    assert.equal((await appInfo()).ok, true, 'the core answers the app');
    // Once a minute at most: the flood is counted in the next entry, not written entry by entry.
    assert.deepEqual(audited, [['renderer.callRefused', 'refused', { calls: 1 }]]);
  });

  it('answers payloads nested 2 000–6 000 deep, and ones JSON cannot carry, with a typed error: no stack, no path', async () => {
    const replies = await page.evaluate(async () => {
      const api = (window as unknown as Api).airlock;
      const nested = (depth: number, asArray: boolean) => {
        let value: unknown = 1;
        for (let i = 0; i < depth; i++) value = asArray ? [value] : { language: value };
        return value;
      };
      const out: unknown[] = [];
      for (const depth of [2000, 4000, 6000, 100_000]) for (const asArray of [false, true]) out.push(await api.settings.setLanguage(nested(depth, asArray)));
      const cycle: Record<string, unknown> = {};
      cycle['self'] = cycle;
      out.push(await api.settings.setLanguage(cycle), await api.settings.setLanguage({ language: 10n }));
      return out;
    });
    assert.equal(replies.length, 10);
    for (const reply of replies) {
      const { ok, error } = reply as { ok: boolean; error: { code: string; messageKey: string; details?: unknown } };
      assert.deepEqual({ ok, code: error.code, messageKey: error.messageKey }, { ok: false, code: 'ipc.invalidRequest', messageKey: 'error.ipc.invalidRequest' });
      assert.deepEqual(Object.keys(error).filter((key) => !['code', 'messageKey', 'details'].includes(key)), []);
      assertNoInternals(reply);
    }
    assert.deepEqual(rejections, []);
  });

  it('answers forged envelopes with typed errors, and refuses a sub-frame as a sender', async () => {
    // The init script took the binding from the new frame too: the breach is played after it exists.
    await page.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.id = 'forger';
      document.body.append(frame);
    });
    await exposeRawChannel(page);
    const replies = await page.evaluate(
      async ([name, sink]) => {
        const frame = document.getElementById('forger') as HTMLIFrameElement;
        const child = frame.contentWindow as unknown as Record<string, unknown>;
        const got: unknown[] = [];
        // The init script defines no reply sink in a sub-frame: this one records what the shell sends there.
        child[sink] = (id: number, reply: unknown) => got.push([id, reply]);
        const raw = child[name] as (text: string) => void;
        raw('not json');
        raw(JSON.stringify({ id: 7, op: 'invoke', channel: 'app.info' }));
        raw(JSON.stringify({ id: 8, op: 'pathOf', file: '00000000-0000-4000-8000-000000000000' }));
        raw(JSON.stringify({ id: 9, op: 'invoke', channel: 'app.info', payload: {}, stack: true }));
        raw(JSON.stringify({ id: 10, op: 'launch' }));
        for (let i = 0; i < 100 && got.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        return got.sort((a, b) => Number((a as number[])[0]) - Number((b as number[])[0]));
      },
      [BRIDGE.channelBinding, BRIDGE.replySink] as const,
    );
    assert.deepEqual(replies, [
      [7, { ok: false, error: { code: 'ipc.forbiddenSender', messageKey: 'error.ipc.forbiddenSender' } }],
      [8, null],
      [9, INVALID],
      [10, INVALID],
    ]);
    assertNoInternals(replies);
    assert.equal((await appInfo()).ok, true);
  });

  it('drops the replies of calls whose document went away, keeps nothing, and answers the new document', async () => {
    await page.evaluate(() => {
      const api = (window as unknown as Api).airlock;
      for (let i = 0; i < 50; i++) void api.app.info({});
      location.reload();
    });
    await page.waitForFunction(() => 'airlock' in window);
    await waitUntilSettled(shell);
    assert.equal(shell.channel.inFlight, 0);
    assert.equal((await appInfo()).ok, true);
    assert.deepEqual(rejections, []);
  });
});
