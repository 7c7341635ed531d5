import type { AuditRecorder } from '../audit-recorder.js';
import type { EventBus } from '../event-bus.js';
import { settingsHandlers } from './handlers.js';
import { UserSettings } from './user-settings.js';

/** The user's settings (sealed while unlocked, memory on the lock screen), with the settings.* handlers. */
export function createSettings({ events, audit }: { readonly events: EventBus; readonly audit: AuditRecorder }) {
  const settings = new UserSettings(events);
  return { settings, handlers: settingsHandlers(settings, audit) };
}
