/**
 * What the messaging service is assembled from (issue #15). Each part is built and tested on its
 * own (receive pipeline, composer and outbox sender, the officer's credentials, attachments); the
 * service only runs the connection's life in the live zone and hands each call to its part. A part
 * is made per zone, from that zone's sealed store, so nothing of one zone is reachable in another.
 */
import type { Classification } from '../../../shared/domain/classification.js';
import type { ZoneId } from '../../../shared/domain/zone.js';
import type { SealedStore } from '../store/sealed-store.js';
import type { MessagingConnection } from './connection.js';
import type { Inbox } from './inbox.js';
import type { CredentialsSource, MessagingFacade } from './messaging-ports.js';

/** The live zone a part serves: its ceiling (no read up, no write down) and its own sealed store. */
export interface MessagingZone {
  readonly id: ZoneId;
  readonly ceiling: Classification;
  readonly store: SealedStore;
}

/** Reading side: the zone's inbox, a message opened (receipt queued on first opening), threads. */
export interface MessageReading extends Pick<MessagingFacade, 'inbox' | 'open' | 'thread'> {
  /** Messages fetched but labelled above the zone's ceiling, kept for a zone that may hold them. */
  heldAbove(): number | Promise<number>;
}

/** Writing side: compose (sign on the token, encrypt, queue), what was sent, receipts. */
export type MessageWriting = Pick<MessagingFacade, 'compose' | 'sent' | 'verifyReceipt'>;

/** Sends what the sealed outbox holds, each exactly once (the server de-duplicates by message id). */
export interface OutboxFlush {
  flush(inbox: Inbox): Promise<unknown>;
  /** Messages not yet acknowledged by the server (the status's outbox); absent: the sealed outbox's pending entries. */
  waiting?(): number;
}

/** One batch of the receive pipeline: fetch, verify, decrypt, store, ack; how many it handled. */
export interface InboxReceiver {
  receiveBatch(inbox: Inbox): Promise<number>;
  /** Before the connection closes (lock, zone left): hands back what it holds, over the live connection. */
  release?(): Promise<void>;
}

/** Attachments in the object store, downloaded over the live connection. */
export type AttachmentFetch = Pick<MessagingFacade, 'fetchAttachment'>;

/** The officer's hand-over, sealed into the live zone's store. */
export type CredentialsImport = Pick<MessagingFacade, 'importCredentials'>;

/**
 * The parts, each made for one zone. A part not given is not available yet: its calls answer
 * `ipc.unavailable` (the lead plugs each in where electron/core/messaging/capability.ts says).
 */
export interface MessagingParts {
  /** The zone's sealed credentials (the officer's SealedCredentialsStore over `zone.store`). */
  readonly credentials?: (zone: MessagingZone) => CredentialsSource;
  readonly importCredentials?: (zone: MessagingZone) => CredentialsImport;
  readonly reading?: (zone: MessagingZone) => MessageReading;
  /** `connection`: the zone's live connection, if any (attachments are uploaded over it). */
  readonly writing?: (zone: MessagingZone, connection: () => MessagingConnection | undefined) => MessageWriting;
  /** The outbox sender; `flush(inbox)` runs on every (re)connection. */
  readonly outbox?: (zone: MessagingZone) => OutboxFlush;
  readonly receiver?: (zone: MessagingZone) => InboxReceiver;
  /** Attachments need the live connection (the JetStream object store) besides the zone. */
  readonly attachments?: (zone: MessagingZone, connection: MessagingConnection) => AttachmentFetch;
}
