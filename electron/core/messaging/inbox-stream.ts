/**
 * The one stream of inboxes, as the administrator creates it (officials cannot: server-config.ts).
 * Limits retention, not work-queue or interest: a message waits for a device whose consumer does not
 * exist yet (a new device, an official who never connected) until it ages out.
 */
import { DiscardPolicy, RetentionPolicy, StorageType, jetstreamManager, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ALL_INBOXES, INBOX_STREAM } from './subjects.js';

const NS_PER_MS = 1e6;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Messages older than this are dropped by the server: a month of leave, then the sender must resend. */
export const INBOX_MAX_AGE_MS = 30 * DAY_MS;
/** A resend of the same `Nats-Msg-Id` within this window is stored once (an outbox flushed after a day offline). */
export const DUPLICATE_WINDOW_MS = DAY_MS;
/** A message is a signed, encrypted CMS envelope; attachments go to the object store. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export function inboxStreamConfig(replicas: number): Partial<StreamConfig> & { name: string } {
  return {
    name: INBOX_STREAM,
    subjects: [ALL_INBOXES],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: replicas,
    max_age: INBOX_MAX_AGE_MS * NS_PER_MS,
    duplicate_window: DUPLICATE_WINDOW_MS * NS_PER_MS,
    max_msg_size: MAX_MESSAGE_BYTES,
    discard: DiscardPolicy.Old,
    // Reads go through the consumers the permissions name, never direct get; nothing deletes one message.
    allow_direct: false,
    deny_delete: true,
  };
}

/**
 * Creates the stream (or leaves an identical one), retrying while JetStream is not yet ready:
 * a cluster answers only once its meta leader is elected.
 */
export async function provisionInbox(admin: NatsConnection, options: { readonly replicas: number; readonly timeoutMs?: number }): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const jsm = await jetstreamManager(admin, { checkAPI: false, timeout: 5000 });
  for (;;) {
    try {
      await jsm.streams.add(inboxStreamConfig(options.replicas));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
