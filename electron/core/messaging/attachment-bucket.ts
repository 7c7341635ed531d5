/**
 * A sender's attachment bucket as the administrator creates it when adding the user (officials
 * cannot create or delete streams: server-config.ts): file storage, replicated like the inbox,
 * kept 30 days like the inbox, refusing new uploads when full rather than dropping old ones (an
 * attachment already referenced by a signed message is never silently cut).
 */
import { Objm, StorageType } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { INBOX_MAX_AGE_MS } from './inbox-stream.js';
import { attachmentBucket } from './subjects.js';

const NS_PER_MS = 1e6;
/** One sender's 30 days of uploads. JetStream reserves it out of the server's file store (max_file_store), so users × this must fit there. */
export const DEFAULT_BUCKET_BYTES = 2 * 1024 ** 3;

export async function provisionAttachmentBucket(admin: NatsConnection, user: string, options: { readonly replicas: number; readonly maxBytes?: number; readonly timeoutMs?: number }): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const objm = new Objm(admin);
  for (;;) {
    try {
      await objm.create(attachmentBucket(user), {
        description: `Airlock attachments of ${user}`,
        storage: StorageType.File,
        replicas: options.replicas,
        ttl: INBOX_MAX_AGE_MS * NS_PER_MS,
        max_bytes: options.maxBytes ?? DEFAULT_BUCKET_BYTES,
      });
      return;
    } catch (error) {
      // A cluster answers only once its meta leader is elected.
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
