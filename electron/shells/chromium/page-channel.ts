import type { Page } from 'playwright-core';
import { BRIDGE } from '../../../shared/ipc/bridge.js';
import { ipcError } from '../../../shared/ipc/errors.js';
import { fail } from '../../../shared/ipc/reply.js';
import type { DispatcherLog } from '../../core/ipc/dispatcher.js';
import type { SenderInfo } from '../../core/ipc/sender-policy.js';
import { parsePageCall, type PageCall } from './page-call.js';

/** What the shell answers for each kind of call; both get the sender as the browser reports it. */
export interface PageCallHandlers {
  invoke(channel: string, payload: unknown, sender: SenderInfo): Promise<unknown>;
  pathOf(fileId: string, sender: SenderInfo): Promise<string | null>;
  /** Text that is not a call the init script writes arrived: a security event, not only a log line. */
  malformed(): void;
}

export interface PageChannel {
  /** Calls received and not yet answered (or dropped): back to 0 once the core has settled them. */
  readonly inFlight: number;
  close(): Promise<void>;
}

interface ExecutionContext {
  readonly frameId: string;
  readonly isDefault: boolean;
}

const CHANNEL_LOG_NAME = '<page channel>';

/**
 * The Chromium shell's bridge, on one CDP session of the app's page only: a raw binding
 * (`Runtime.addBinding`) whose text we parse ourselves, and replies sent back into the calling
 * document with `Runtime.callFunctionOn`. It replaces Playwright's exposeBinding, whose own
 * binding (`__playwright__binding__`) any page script could reach and crash the core with
 * ('not json' became an unhandled rejection), and which every popup got too.
 *
 * The sender is what Chromium says about the calling execution context (its frame, whether it
 * is the frame's main world), never anything the page sends. A reply for a document that is
 * gone fails inside CDP and is dropped; nothing is kept per call.
 */
export async function openPageChannel(page: Page, handlers: PageCallHandlers, log: Pick<DispatcherLog, 'refused' | 'internalError'>): Promise<PageChannel> {
  const cdp = await page.context().newCDPSession(page);
  const contexts = new Map<number, ExecutionContext>();
  let inFlight = 0;

  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = (context.auxData ?? {}) as { frameId?: unknown; isDefault?: unknown };
    if (typeof aux.frameId === 'string') contexts.set(context.id, { frameId: aux.frameId, isDefault: aux.isDefault === true });
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());

  const { frameTree } = await cdp.send('Page.getFrameTree');
  const mainFrameId = frameTree.frame.id;
  const senderOf = (contextId: number): SenderInfo => {
    const context = contexts.get(contextId);
    return { frameUrl: page.mainFrame().url(), isMainFrame: context !== undefined && context.isDefault && context.frameId === mainFrameId };
  };

  const answer = async (call: PageCall, sender: SenderInfo): Promise<unknown> => {
    try {
      return call.op === 'invoke' ? await handlers.invoke(call.channel, call.payload, sender) : await handlers.pathOf(call.file, sender);
    } catch (error) {
      // The dispatcher answers every failure itself; this is a bug, logged here and never sent.
      log.internalError(CHANNEL_LOG_NAME, error);
      return call.op === 'invoke' ? fail(ipcError('ipc.internal')) : null;
    }
  };

  const reply = (contextId: number, id: number, value: unknown): Promise<unknown> =>
    cdp
      .send('Runtime.callFunctionOn', {
        functionDeclaration: 'function (sink, id, reply) { const deliver = globalThis[sink]; if (typeof deliver === "function") deliver(id, reply); }',
        executionContextId: contextId,
        arguments: [{ value: BRIDGE.replySink }, { value: id }, { value }],
      })
      // The document is gone (closed, reloaded): nobody waits for this reply any more.
      .catch(() => undefined);

  const receive = async (text: unknown, contextId: number): Promise<void> => {
    const parsed = parsePageCall(text);
    if ('malformed' in parsed) {
      log.refused(CHANNEL_LOG_NAME, 'ipc.invalidRequest');
      handlers.malformed();
      if (parsed.id !== null) await reply(contextId, parsed.id, fail(ipcError('ipc.invalidRequest')));
      return;
    }
    await reply(contextId, parsed.call.id, await answer(parsed.call, senderOf(contextId)));
  };

  // Last line: whatever happens while serving one call stays there, logged; the next is served.
  const serve = async (text: unknown, contextId: number): Promise<void> => {
    inFlight++;
    try {
      await receive(text, contextId);
    } catch (error) {
      try {
        log.internalError(CHANNEL_LOG_NAME, error);
      } catch {
        // A failing log must not turn into an unhandled rejection either.
      }
    } finally {
      inFlight--;
    }
  };
  cdp.on('Runtime.bindingCalled', ({ name, payload, executionContextId }) => {
    if (name === BRIDGE.channelBinding) void serve(payload, executionContextId);
  });
  // Runtime.enable reports the existing contexts and makes the binding exist before init scripts run.
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: BRIDGE.channelBinding });

  return {
    get inFlight() {
      return inFlight;
    },
    close: () => cdp.detach().catch(() => undefined),
  };
}
