import type { AuditRecorder } from '../audit-recorder.js';
import type { HandlersOf } from '../ipc/handlers-of.js';
import { chooseLanguage, type UserSettings } from './user-settings.js';

export function settingsHandlers(settings: UserSettings, audit: AuditRecorder): HandlersOf<'settings'> {
  return {
    get: () => settings.get(),
    setLanguage: ({ language }) => chooseLanguage(settings, audit, language),
  };
}
