/**
 * Sending to a recipient's inbox and reading one's own, through JetStream. The server decides who
 * may read what (server-config.ts); this side only names the subjects and consumers it is allowed.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { DomainError } from '../domain-error.js';
import type { MessagingConnection } from './connection.js';
import { isPermissionViolation } from './connection-failure.js';
import { INBOX_STREAM, MOST_URGENT_FIRST, inboxDurable, inboxSubject, isMessagingId, precedenceOf, type Precedence } from './subjects.js';

export interface PublishReceipt {
  /** The stream sequence the server stored it under. */
  readonly seq: number;
  /** True when the server already had this message id (inside the duplicate window) and stored nothing. */
  readonly duplicate: boolean;
}

export interface InboxMessage {
  readonly msgId: string;
  readonly precedence: Precedence;
  readonly seq: number;
  readonly data: Uint8Array;
  /** Tells the server it is handled (double ack: resolves once the server confirmed). */
  ack(): Promise<void>;
  /**
   * Leaves it on the server, handed out again after `delayMs` (a message this zone may not hold:
   * docs/messaging.md "Receiving"). Fire and forget: if it is lost, the ack wait brings it back.
   */
  nak(delayMs: number): void;
}

/** Unacked messages come back after this (a device that fetched and crashed). */
const ACK_WAIT_NS = 60 * 1e9;
/** How long a fetch waits for a batch the consumer said was pending. */
const FETCH_EXPIRES_MS = 2000;

export class Inbox {
  readonly #connection: MessagingConnection;
  readonly #consumers = new Map<Precedence, Consumer>();

  constructor(connection: MessagingConnection) {
    this.#connection = connection;
  }

  /**
   * Publishes `data` to `recipient`'s inbox at `precedence`. `msgId` is the de-duplication key: the
   * same id sent again within the stream's duplicate window is stored once (outbox resend after a lost ack).
   */
  async publish(recipient: string, precedence: Precedence, msgId: string, data: Uint8Array): Promise<PublishReceipt> {
    if (!isMessagingId(recipient)) throw new DomainError('messaging.recipientInvalid');
    const js = this.#js();
    try {
      const ack = await js.publish(inboxSubject(recipient, precedence), data, { msgID: msgId, expect: { streamName: INBOX_STREAM } });
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      throw this.#refusal(error);
    }
  }

  /**
   * Up to `max` messages waiting for this user and device, most urgent first: each precedence has its
   * own durable consumer, drained before the next one is asked, so a backlog of routine messages
   * never delays a Hỏa tốc one.
   */
  async fetch(max: number): Promise<InboxMessage[]> {
    const fetched: InboxMessage[] = [];
    try {
      for (const precedence of MOST_URGENT_FIRST) {
        if (fetched.length >= max) break;
        const consumer = await this.#consumer(precedence);
        // Not yet delivered, and delivered but not acked (held above a ceiling, handed back, or a
        // device that crashed): the server hands the latter out again once their delay is over.
        const info = await this.#guard(() => consumer.info());
        const pending = info.num_pending + info.num_ack_pending;
        if (pending === 0) continue;
        const batch = await this.#guard(() => consumer.fetch({ max_messages: Math.min(pending, max - fetched.length), expires: FETCH_EXPIRES_MS }));
        for await (const msg of batch) fetched.push(inboxMessage(msg, precedence));
      }
    } catch (error) {
      // What was already handed over is returned, not dropped: unacked, the server would hold it
      // back for the ack wait. The failure shows again at the next fetch.
      if (fetched.length === 0) throw error;
    }
    return fetched;
  }

  #js(): JetStreamClient {
    return jetstream(this.#connection.connection());
  }

  /** The durable for one precedence, made on first use (idempotent on the server when it exists). */
  async #consumer(precedence: Precedence): Promise<Consumer> {
    const known = this.#consumers.get(precedence);
    if (known !== undefined) return known;
    const { user, device } = this.#connection;
    const durable = inboxDurable(user, device, precedence);
    const nc = this.#connection.connection();
    const consumer = await this.#guard(async () => {
      const jsm = await jetstreamManager(nc, { checkAPI: false });
      await jsm.consumers.add(INBOX_STREAM, {
        durable_name: durable,
        filter_subject: inboxSubject(user, precedence),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ACK_WAIT_NS,
      });
      return jetstream(nc).consumers.get(INBOX_STREAM, durable);
    });
    this.#consumers.set(precedence, consumer);
    return consumer;
  }

  async #guard<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.#refusal(error);
    }
  }

  /** A server refusal as the user hears it; anything else (a bug, a timeout) passes unchanged. */
  #refusal(error: unknown): unknown {
    if (error instanceof DomainError) return error;
    if (isPermissionViolation(error)) return new DomainError('messaging.permissionDenied', undefined, { cause: error });
    if (this.#connection.state.kind !== 'connected') return new DomainError('messaging.notConnected', undefined, { cause: error });
    return error;
  }
}

function inboxMessage(msg: JsMsg, consumerPrecedence: Precedence): InboxMessage {
  return {
    msgId: msg.headers?.get('Nats-Msg-Id') ?? '',
    precedence: precedenceOf(msg.subject) ?? consumerPrecedence,
    seq: msg.seq,
    data: msg.data,
    ack: async () => {
      if (!(await msg.ackAck())) throw new DomainError('messaging.notConnected');
    },
    nak: (delayMs) => msg.nak(delayMs),
  };
}
