import type { z } from 'zod';
import type { ChannelName } from './channel.js';
import { appChannels } from './contracts/app.js';
import { auditChannels } from './contracts/audit.js';
import { backupChannels, backupEvents } from './contracts/backup.js';
import { certificatesChannels } from './contracts/certificates.js';
import { documentsChannels, documentsEvents } from './contracts/documents.js';
import { messagingChannels, messagingEvents } from './contracts/messaging.js';
import { sessionChannels, sessionEvents } from './contracts/session.js';
import { signingChannels } from './contracts/signing.js';
import { storeChannels, storeEvents } from './contracts/store.js';
import { tokenChannels, tokenEvents } from './contracts/token.js';
import { trainingChannels, trainingEvents } from './contracts/training.js';
import { zonesChannels, zonesEvents } from './contracts/zones.js';

export { AppInfo } from './contracts/app.js';
export { Settings } from './contracts/session.js';

/**
 * The whole IPC surface: each capability's channels (`contracts/<capability>.ts`), merged. Adding a
 * channel there, a handler in the main process and (if the UI needs it) a store action is all it
 * takes; the preload and the Chromium shell pick it up.
 */
export const contract = {
  ...appChannels,
  ...sessionChannels,
  ...tokenChannels,
  ...zonesChannels,
  ...certificatesChannels,
  ...storeChannels,
  ...documentsChannels,
  ...signingChannels,
  ...messagingChannels,
  ...backupChannels,
  ...auditChannels,
  ...trainingChannels,
} as const;

export type Contract = typeof contract;
export type AirlockChannel = ChannelName<Contract>;

/** Pushed from main to renderer; the renderer never sends these. */
export const events = {
  ...sessionEvents,
  ...zonesEvents,
  ...documentsEvents,
  ...messagingEvents,
  ...backupEvents,
  ...tokenEvents,
  ...storeEvents,
  ...trainingEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
