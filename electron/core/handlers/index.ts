import type { Contract } from '../../../shared/ipc/contract.js';
import type { Handlers } from '../ipc/dispatcher.js';
import type { CoreServices } from '../services.js';

/** One line per channel: handlers only adapt the validated request to a service call. */
export function createHandlers(services: CoreServices): Handlers<Contract> {
  const { session, settings, zones, appInfo } = services;
  return {
    app: {
      info: () => appInfo,
    },
    session: {
      state: () => session.state(),
      lock: () => session.lock('manual'),
      unlock: () => session.unlock(),
    },
    settings: {
      get: () => settings.get(),
      setLanguage: ({ language }) => settings.setLanguage(language),
    },
    zones: {
      status: () => zones.status(),
    },
  };
}
