import type { AppInfo } from '../../shared/ipc/contract.js';
import type { EventBus } from './event-bus.js';
import type { WorkstationSession } from './services/session.js';
import type { UserSettings } from './services/settings.js';
import type { ZoneStatusSource } from './services/zone-status.js';

/** The services the handlers may reach; each later issue adds one field here. */
export interface CoreServices {
  readonly events: EventBus;
  readonly appInfo: AppInfo;
  readonly session: WorkstationSession;
  readonly settings: UserSettings;
  readonly zones: ZoneStatusSource;
}
