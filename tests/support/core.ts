import { buildApi, channelIndexOf, type AirlockApi } from '../../shared/ipc/api.js';
import { contract } from '../../shared/ipc/contract.js';
import { createCore, type Core } from '../../electron/core/core.js';
import type { DispatcherLog } from '../../electron/core/ipc/dispatcher.js';
import type { SenderInfo } from '../../electron/core/ipc/sender-policy.js';
import type { Unlocker } from '../../electron/core/session/workstation-session.js';
import type { TokenServiceLog } from '../../electron/core/token/token-service.js';

export const TEST_ORIGIN = 'https://airlock.invalid';
export const TRUSTED: SenderInfo = { frameUrl: `${TEST_ORIGIN}/index.html`, isMainFrame: true };

/** A dispatcher log that keeps what it was told, so tests can check what reached the log. */
export function recordingLog(): DispatcherLog &
  TokenServiceLog & { internal: { channel: string; error: unknown }[]; refusals: { channel: string; code: string }[]; events: { name: string; fields: Record<string, unknown> }[] } {
  const internal: { channel: string; error: unknown }[] = [];
  const refusals: { channel: string; code: string }[] = [];
  const events: { name: string; fields: Record<string, unknown> }[] = [];
  return {
    internal,
    refusals,
    events,
    internalError: (channel, error) => internal.push({ channel, error }),
    refused: (channel, code) => refusals.push({ channel, code }),
    event: (name, fields) => events.push({ name, fields }),
  };
}

export function testCore(options: { log?: DispatcherLog & TokenServiceLog; unlocker?: Unlocker } = {}): Core {
  return createCore({
    shell: 'chromium',
    version: '0.0.0-test',
    platform: 'linux',
    appOrigin: TEST_ORIGIN,
    log: options.log ?? recordingLog(),
    ...(options.unlocker === undefined ? {} : { unlocker: options.unlocker }),
  });
}

/** The typed API over a core's dispatcher, as the trusted renderer frame would call it. */
export function coreApi(core: Core): AirlockApi {
  return buildApi(channelIndexOf(contract), {
    invoke: (channel, payload) => core.dispatcher.dispatch(channel, payload, TRUSTED),
    listen: (listener) => void core.services.events.subscribe(listener),
  });
}
