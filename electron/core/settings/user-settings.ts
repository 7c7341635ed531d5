import { DEFAULT_LANGUAGE, Language } from '../../../shared/domain/language.js';
import type { Settings } from '../../../shared/ipc/contract.js';
import type { AuditRecorder } from '../audit-recorder.js';
import type { EventBus } from '../event-bus.js';
import type { LookupDerivations } from '../store/data-key-rotation.js';
import type { SealedStore } from '../store/sealed-store.js';

const COLLECTION = 'settings';
const KEY = 'user';

/** How a rotation re-makes this collection's lookup (data-key-rotation.ts): one record, one key. */
export const SETTINGS_LOOKUPS: LookupDerivations = { [COLLECTION]: () => KEY };

/**
 * Zone-independent user settings. Kept in the sealed settings store while it is unlocked; before
 * the first unlock (the lock screen) the language can still be switched, in memory, and is saved
 * at the next unlock. The main process needs the language too, for native dialogs.
 */
export class UserSettings {
  #settings: Settings = { language: DEFAULT_LANGUAGE };
  #store: SealedStore | undefined;

  constructor(private readonly events: EventBus) {}

  get(): Settings {
    return this.#settings;
  }

  setLanguage(language: Language): Settings {
    this.#settings = { ...this.#settings, language };
    this.#save();
    this.events.emit('settings.changed', this.#settings);
    return this.#settings;
  }

  /** Called at unlock: the saved settings win over what was chosen on the lock screen. */
  attach(store: SealedStore): void {
    this.#store = store;
    const [saved] = store.find<unknown>(COLLECTION, KEY);
    const language = Language.safeParse((saved?.value as { language?: unknown } | undefined)?.language);
    if (language.success && language.data !== this.#settings.language) {
      this.#settings = { ...this.#settings, language: language.data };
      this.events.emit('settings.changed', this.#settings);
    } else if (saved === undefined) {
      this.#save();
    }
  }

  detach(): void {
    this.#store = undefined;
  }

  #save(): void {
    const store = this.#store;
    if (store === undefined || store.locked) return;
    store.transaction(() => {
      for (const old of store.find(COLLECTION, KEY)) store.delete(old.id);
      store.put(COLLECTION, this.#settings, KEY);
    });
  }
}

/** The user's own choice of language (settings.setLanguage), audited; the main process's calls are not. */
export function chooseLanguage(settings: UserSettings, audit: AuditRecorder, language: Language): Settings {
  audit.record('settings.changed', 'ok', { setting: 'language', value: language });
  return settings.setLanguage(language);
}
