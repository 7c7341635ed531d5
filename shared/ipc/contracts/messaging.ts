import { z } from 'zod';
import { LocalPath } from '../../domain/document.js';
import { JobId } from '../../domain/job.js';
import { ComposeRequest, InboxPage, InboxRequest, MessageArrival, MessageId, MessageRecordId, MessageSummary, MessageView, MessagingStatus, SentMessageView } from '../../domain/message.js';
import { defineChannel } from '../channel.js';
import { IpcError } from '../errors.js';
import { NoParams } from './no-params.js';

/** Messages (issue #15): the live zone's inbox, compose and the outbox, receipts, the officer's hand-over of credentials. */
export const messagingChannels = {
  messages: {
    status: defineChannel(NoParams, MessagingStatus),
    /** A page of the inbox, most urgent then newest; with `query`, only messages holding every word. Nothing above the zone's ceiling. */
    inbox: defineChannel(InboxRequest, InboxPage),
    /** Opens a message: its text and attachments; the first opening of one that asked for it queues a signed receipt (never on fetching). */
    open: defineChannel(z.strictObject({ id: MessageRecordId }), MessageView),
    /** The messages of a thread in this zone, oldest first. */
    thread: defineChannel(z.strictObject({ id: MessageRecordId }), z.array(MessageSummary).max(500)),
    /** Signs (token), encrypts and queues; attachments are uploaded as a job (progress, cancel, finished events). */
    compose: defineChannel(ComposeRequest, z.strictObject({ job: JobId })),
    cancelCompose: defineChannel(z.strictObject({ job: JobId }), z.strictObject({ cancelled: z.boolean() })),
    /** Sent messages, newest first, with each recipient's delivery and read state. */
    sent: defineChannel(z.strictObject({ cursor: z.string().max(200).optional() }), z.strictObject({ messages: z.array(SentMessageView).max(200), next: z.string().nullable() })),
    /** Verifies a kept signed receipt again (signature, chain, that it answers that message). */
    verifyReceipt: defineChannel(z.strictObject({ messageId: MessageId, reader: z.string().regex(/^[0-9a-f]{64}$/) }), z.strictObject({ valid: z.boolean(), reader: z.string(), readAt: z.iso.datetime() })),
    /** Downloads an attachment (an Airlock container) into the inbox folder; the renderer then opens it as a document (every check). */
    fetchAttachment: defineChannel(z.strictObject({ id: MessageRecordId, index: z.number().int().nonnegative(), job: JobId.optional() }), z.strictObject({ path: z.string() })),
    /** Takes the cipher officer's hand-over (a container encrypted to this user's certificate) and seals the credentials in the live zone's store. */
    importCredentials: defineChannel(z.strictObject({ path: LocalPath }), z.strictObject({ user: z.string(), servers: z.array(z.string()) })),
  },
} as const;

const ComposeFinished = z.discriminatedUnion('ok', [
  z.strictObject({ job: JobId, ok: z.literal(true), messageId: MessageId, queued: z.boolean() }),
  z.strictObject({ job: JobId, ok: z.literal(false), error: IpcError }),
]);

export const messagingEvents = {
  'messages.status': MessagingStatus,
  /**
   * A message was stored, trusted or quarantined: the screen reloads; a Hỏa tốc one is raised over
   * every screen with the stored verdict.
   */
  'messages.arrived': MessageArrival,
  /** Attachment upload or download progress, bytes. */
  'messages.progress': z.strictObject({ job: JobId, done: z.number().nonnegative(), total: z.number().nonnegative() }),
  'messages.finished': ComposeFinished,
} as const;
