import { z } from 'zod';
import { Classification } from './classification.js';
import { LocalPath } from './document.js';
import { JobStart } from './job.js';
import { MESSAGING_FAILURES } from './messaging.js';

/**
 * What the Messages screen and the main process say to each other (issue #15): the inbox, a message
 * opened, compose, what was sent and who read it. The message format is docs/message-format.md; the
 * transport docs/messaging.md; the local store docs/messaging-store.md.
 */

/** Decree 30/2020 urgency, lowest first: Thường, Khẩn, Thượng khẩn, Hỏa tốc. */
export const PRECEDENCES = ['thuong', 'khan', 'thuongKhan', 'hoaToc'] as const;
export const Precedence = z.enum(PRECEDENCES);

/** An RFC 5322 Message-ID without angle brackets: also the ESS content identifier and the Nats-Msg-Id. */
export const MessageId = z.string().regex(/^[\x21-\x3b\x3d\x3f-\x7e]{1,200}@[\x21-\x3b\x3d\x3f-\x7e]{1,200}$/);
export type MessageId = z.infer<typeof MessageId>;

/** A message's row in this zone's store. */
export const MessageRecordId = z.number().int().positive();

/** Trusted, or quarantined with the reason (a `message.*` problem, translated in vi and en). */
export const MessageVerdictView = z.discriminatedUnion('trusted', [
  z.strictObject({ trusted: z.literal(true) }),
  z.strictObject({ trusted: z.literal(false), problem: z.string().max(64) }),
]);

/** One line of the inbox: enough to sort, badge and choose; the body is fetched on opening. */
export const MessageSummary = z.strictObject({
  id: MessageRecordId,
  messageId: MessageId,
  subject: z.string().max(1000),
  /** The signer's name as the certificate writes it; fingerprint apart (null for a message whose signer is unknown). */
  sender: z.string().max(1000),
  senderFingerprint: z.string().nullable(),
  classification: Classification,
  precedence: Precedence,
  receivedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** Past its expiry: kept, shown as expired, no longer answered with a receipt. */
  expired: z.boolean(),
  verdict: MessageVerdictView,
  /** Opened at least once on this workstation. */
  read: z.boolean(),
  /** The first Message-ID of its References (its own when it starts a thread). */
  threadId: MessageId,
  attachments: z.number().int().nonnegative(),
});
export type MessageSummary = z.infer<typeof MessageSummary>;

/**
 * A message just stored, trusted or quarantined (the `messages.arrived` event): the stored verdict
 * travels with it, so the Hoả tốc alert never names as trusted a sender the check refused.
 */
export const MessageArrival = z.strictObject({
  id: MessageRecordId,
  precedence: Precedence,
  /** As the message names it; for a quarantined one only a claim (empty when nothing was readable). */
  sender: z.string().max(1000),
  subject: z.string().max(1000),
  verdict: MessageVerdictView,
});
export type MessageArrival = z.infer<typeof MessageArrival>;

/** A file sent with a message: an Airlock container in the messaging cluster's object store. */
export const AttachmentView = z.strictObject({
  index: z.number().int().nonnegative(),
  fileName: z.string().max(1024),
  /** Bytes of the container (what is downloaded). */
  size: z.number().int().nonnegative(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

/** A signed message carried inside a forward, verified on its own. */
export const ForwardedView = z.strictObject({
  subject: z.string().max(1000),
  sender: z.string().max(1000),
  sentAt: z.iso.datetime().nullable(),
  classification: Classification,
  body: z.string(),
  verdict: MessageVerdictView,
});
export type ForwardedView = z.infer<typeof ForwardedView>;

/** A message opened: its text, attachments and any forwarded original. */
export const MessageView = MessageSummary.extend({
  body: z.string(),
  inReplyTo: MessageId.nullable(),
  references: z.array(MessageId).max(100),
  attachmentList: z.array(AttachmentView).max(20),
  forwarded: z.array(ForwardedView).max(5),
  /** A signed receipt was asked for and has now been queued (sent once, on the first opening). */
  receiptSent: z.boolean(),
});
export type MessageView = z.infer<typeof MessageView>;

export const InboxRequest = z.strictObject({
  /** What the last page gave back; absent: the first page. */
  cursor: z.string().max(200).optional(),
  /** Words to find in subjects, bodies and senders; diacritics and case do not matter. */
  query: z.string().max(500).optional(),
});

export const InboxPage = z.strictObject({
  /** Most urgent first, then newest. */
  messages: z.array(MessageSummary).max(200),
  next: z.string().nullable(),
});
export type InboxPage = z.infer<typeof InboxPage>;

/**
 * Composing: to colleagues (their certificates' fingerprints, from the directory), capped by the live
 * zone's ceiling (no write down), sent now or queued in the sealed outbox. `replyTo` or `forward`
 * name a message of this zone's inbox by its record id.
 */
export const ComposeRequest = z.strictObject({
  recipients: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1).max(50),
  subject: z.string().min(1).max(300),
  body: z.string().max(200_000),
  classification: Classification,
  precedence: Precedence,
  /** Days until the message expires (the client enforces it); 1 to 365. */
  expiresInDays: z.number().int().min(1).max(365),
  requestReceipt: z.boolean(),
  replyTo: MessageRecordId.optional(),
  forward: MessageRecordId.optional(),
  attachments: z.array(LocalPath).max(20),
  ...JobStart,
});
export type ComposeRequest = z.infer<typeof ComposeRequest>;

/** Per recipient: queued (outbox), stored (the server acknowledged), read (a signed receipt came back), failed. */
export const DeliveryStateView = z.enum(['queued', 'stored', 'delivered', 'read', 'failed']);

export const SentMessageView = z.strictObject({
  messageId: MessageId,
  subject: z.string().max(1000),
  classification: Classification,
  precedence: Precedence,
  queuedAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  recipients: z.array(
    z.strictObject({
      fingerprint: z.string(),
      name: z.string().max(1000),
      state: DeliveryStateView,
      /** From the signed receipt: "đã đọc lúc …". */
      readAt: z.iso.datetime().nullable(),
      /** A `failed` copy: why, as an error code the screen translates (the server refused it). */
      reason: z.string().max(64).optional(),
    }),
  ),
});
export type SentMessageView = z.infer<typeof SentMessageView>;

/** Why messaging cannot be used in this zone right now. */
export const MessagingUnavailable = z.enum(['noZone', 'zoneWithoutMessaging', 'noCredentials', 'locked']);

/** The Messages screen's header: can one send here, how, and what waits. */
export const MessagingStatus = z.strictObject({
  available: z.boolean(),
  unavailable: MessagingUnavailable.nullable(),
  connection: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('disconnected') }),
    z.strictObject({ kind: z.literal('connecting') }),
    z.strictObject({ kind: z.literal('connected'), server: z.string() }),
    z.strictObject({ kind: z.literal('serverDown'), reason: z.enum(MESSAGING_FAILURES) }),
  ]),
  /** The live zone's ceiling: the highest level that may be read or composed here. */
  ceiling: Classification.nullable(),
  /** Messages composed and not yet acknowledged by the server. */
  outbox: z.number().int().nonnegative(),
  /** Messages waiting on the server that are labelled above this zone's ceiling: read them in a zone that may hold them. */
  heldAbove: z.number().int().nonnegative(),
});
export type MessagingStatus = z.infer<typeof MessagingStatus>;
