import { DEFAULT_LANGUAGE, type Language } from '../../../shared/domain/language.js';
import type { Settings } from '../../../shared/ipc/contract.js';
import type { EventBus } from '../event-bus.js';

/**
 * Zone-independent user settings. Held in memory until the encrypted settings store lands;
 * the main process needs the language too, for native dialogs and notifications.
 */
export class UserSettings {
  #settings: Settings = { language: DEFAULT_LANGUAGE };

  constructor(private readonly events: EventBus) {}

  get(): Settings {
    return this.#settings;
  }

  setLanguage(language: Language): Settings {
    this.#settings = { ...this.#settings, language };
    this.events.emit('settings.changed', this.#settings);
    return this.#settings;
  }
}
