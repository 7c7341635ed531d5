import { contract } from '../../shared/ipc/contract.js';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers/index.js';
import { createDispatcher, type Dispatcher, type DispatcherLog } from './ipc/dispatcher.js';
import type { CoreServices } from './services.js';
import { noTokenUnlocker } from './services/no-token-unlocker.js';
import { WorkstationSession, type Unlocker } from './services/session.js';
import { UserSettings } from './services/settings.js';
import { ZoneStatusSource } from './services/zone-status.js';

export interface CoreOptions {
  readonly shell: 'electron' | 'chromium';
  readonly version: string;
  readonly platform: string;
  /** Origin the renderer is served from; the dispatcher refuses every other sender. */
  readonly appOrigin: string;
  readonly log: DispatcherLog;
  readonly unlocker?: Unlocker;
}

export interface Core {
  readonly services: CoreServices;
  readonly dispatcher: Dispatcher;
}

/** The composition root of the core: the same under Electron and under plain Node. */
export function createCore(options: CoreOptions): Core {
  const events = new EventBus();
  const services: CoreServices = {
    events,
    appInfo: { name: 'Airlock', version: options.version, shell: options.shell, platform: options.platform },
    session: new WorkstationSession(events, options.unlocker ?? noTokenUnlocker),
    settings: new UserSettings(events),
    zones: new ZoneStatusSource(),
  };
  const dispatcher = createDispatcher({ contract, handlers: createHandlers(services), appOrigin: options.appOrigin, log: options.log });
  return { services, dispatcher };
}
