import { createHash } from 'node:crypto';
import type { ForwardedView, InboxPage, MessageSummary, MessageView } from '../../../shared/domain/message.js';
import { isWithinCeiling, type ClassificationLevel } from '../../../shared/domain/levels.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { DomainError } from '../domain-error.js';
import type { TokenSigner } from '../signing/token-signer.js';
import type { SealedStore } from '../store/sealed-store.js';
import { verifySignedData, type SignerTrust } from './cms-signed-data-verifier.js';
import { messagingIdOf } from './messaging-address.js';
import { MessageError } from './message-error.js';
import { threadIdOf, type MessageReadMarks, type MessageThreads } from './message-marks.js';
import { MESSAGES } from './message-store-schema.js';
import { makeReceipt } from './signed-receipt.js';
import type { SealedOutbox } from './sealed-outbox.js';
import { claimedLabel, claimsOf } from './message-claims.js';
import { readForwarded } from './forwarded-message.js';
import type { AttachmentRef } from './messaging-ports.js';
import { inboxMessage, type InboxMessage, type SealedMessageStore, type StoredMessage } from './sealed-message-store.js';

export interface MessageReadingOptions {
  readonly store: SealedStore;
  readonly messages: SealedMessageStore;
  readonly marks: MessageReadMarks;
  readonly threads: MessageThreads;
  readonly outbox: SealedOutbox;
  readonly ceiling: ClassificationLevel;
  /** Checks the kept SignedData again before a receipt names it. */
  readonly trust: SignerTrust;
  /** The reader's signing key on the token and its issuing CAs: what signs receipts. */
  readonly receiptSigner: () => Promise<{ readonly signer: TokenSigner; readonly chain: readonly Uint8Array[] }>;
  readonly audit: AuditRecorder;
  /** Messages held above the ceiling (MessageReceiver.heldAbove). */
  readonly heldAbove?: () => number;
  readonly now?: () => Date;
}

type Kept = InboxMessage & { readonly id: number };

const PAGE = 50;

/**
 * The reading half of the Messages screen's facade (MessagingFacade.inbox, open, thread): pages of
 * the live zone's sealed inbox, a message opened (marked read, sealed), and on the FIRST opening of
 * a trusted, unexpired message that asked for one, a signed receipt made on the token and queued in
 * the sealed outbox under an id of its own, so it is sent exactly once even offline. Never on fetching.
 */
export class MessageReading {
  readonly #options: MessageReadingOptions;
  /** One opening at a time: two quick openings must not both see "first". */
  #opening: Promise<unknown> = Promise.resolve();

  constructor(options: MessageReadingOptions) {
    this.#options = options;
  }

  heldAbove(): number {
    return this.#options.heldAbove?.() ?? 0;
  }

   
  async inbox(request: { readonly cursor?: string | undefined; readonly query?: string | undefined }): Promise<InboxPage> {
    const { messages } = this.#options;
    const options = { limit: PAGE, ...(request.cursor === undefined ? {} : { after: request.cursor }) };
    const page = request.query === undefined || request.query.trim() === '' ? messages.page(options) : messages.search(request.query, options);
    return { messages: page.messages.filter((message) => this.#allowed(message)).map((message) => this.#summary(message)), next: page.next ?? null };
  }

  open(id: number): Promise<MessageView> {
    const run = this.#opening.then(() => this.#open(id));
    this.#opening = run.catch(() => undefined);
    return run;
  }

   
  async thread(id: number): Promise<MessageSummary[]> {
    const message = this.#kept(id);
    const root = threadIdOf(message);
    const members = new Map<number, Kept>([[message.id, message]]);
    for (const messageId of this.#options.threads.messageIds(root)) {
      const member = this.#options.messages.byMessageId(messageId);
      if (member !== undefined && this.#allowed(member)) members.set(member.id, member);
    }
    return [...members.values()].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id - b.id).map((member) => this.#summary(member));
  }

  async #open(id: number): Promise<MessageView> {
    const { audit, marks, outbox, store } = this.#options;
    const message = this.#kept(id);
    const now = this.#now();
    let mark = marks.of(message.messageId);
    if (mark === undefined) {
      const receipt = this.#wantsReceipt(message, now) ? await this.#receipt(message, now) : undefined;
      store.transaction(() => {
        if (receipt !== undefined) outbox.enqueue({ ...receipt, queuedAt: now.toISOString() });
        marks.mark({ messageId: message.messageId, readAt: now.toISOString(), receiptId: receipt?.messageId });
      });
      if (receipt !== undefined) audit.record('message.receiptSent', 'ok', { messageId: message.messageId, level: message.classification });
      mark = marks.of(message.messageId);
    }
    audit.record('message.read', message.verdict.trusted ? 'ok' : 'refused', { messageId: message.messageId, level: message.classification, ...(message.verdict.trusted ? {} : { code: `message.${message.verdict.problem}` }) });
    return {
      ...this.#summary(message),
      read: true,
      body: message.body,
      inReplyTo: message.inReplyTo ?? null,
      references: [...(message.references ?? [])],
      attachmentList: (message.attachments ?? []).map((ref, index) => ({ index, fileName: ref.fileName, size: ref.size })),
      forwarded: await Promise.all((message.forwarded ?? []).map((original) => this.#forwardedView(original))),
      receiptSent: mark?.receiptId !== undefined,
    };
  }

  /**
   * A forwarded original, verified on its own now (forwarded-message.ts): its own verdict, never the
   * forward's. One labelled above the zone's ceiling shows no text at all (no read up through a
   * forward), only that it is held back: problem `aboveCeiling`.
   */
  async #forwardedView(original: Uint8Array): Promise<ForwardedView> {
    const label = claimedLabel(original);
    if (label !== undefined && !isWithinCeiling(label, this.#options.ceiling)) return { subject: '', sender: '', sentAt: null, classification: label, body: '', verdict: { trusted: false, problem: 'aboveCeiling' } };
    const read = await readForwarded(original, this.#options.trust);
    if (read.trusted) {
      const { message } = read;
      return { subject: message.text.subject, sender: message.signer.subject.commonName ?? message.signer.subject.display, sentAt: message.signingTime?.toISOString() ?? null, classification: message.classification, body: message.text.body, verdict: { trusted: true } };
    }
    // Shown with what it claims, as the inbox shows a quarantined message; without a label that parses, nothing of its text.
    const claims = claimsOf(original);
    const shown = label === undefined ? undefined : claims.text;
    return {
      subject: shown?.subject ?? '',
      sender: claims.signer === undefined ? '' : (claims.signer.subject.commonName ?? claims.signer.subject.display),
      sentAt: null,
      classification: label ?? this.#options.ceiling,
      body: shown?.body ?? '',
      verdict: { trusted: false, problem: read.problem },
    };
  }

  /** Only a trusted message, still valid, that asked for one; expiry is enforced here by the client. */
  #wantsReceipt(message: Kept, now: Date): boolean {
    return message.verdict.trusted && message.receiptRequested && !expired(message, now);
  }

  /**
   * The receipt names the kept SignedData, checked again now: a signer revoked since gets none
   * (audited). Its id is derived from the message and the reader, so a retry is the same entry.
   */
  async #receipt(message: Kept, now: Date): Promise<{ messageId: string; message: Uint8Array; recipients: string[]; precedence: Kept['precedence'] } | undefined> {
    let original;
    try {
      original = await verifySignedData(message.signedData, this.#options.trust);
    } catch (error) {
      if (!(error instanceof MessageError)) throw error;
      this.#options.audit.record('message.receiptSent', 'refused', { messageId: message.messageId, code: `message.${error.problem}` });
      return undefined;
    }
    const { signer, chain } = await this.#options.receiptSigner();
    const receipt = await makeReceipt({ original, signer, chain, now });
    const reader = createHash('sha256').update(signer.certificateDer).digest('hex');
    return {
      messageId: `receipt-${createHash('sha256').update(`${message.messageId}\n${reader}`).digest('hex').slice(0, 32)}@airlock.invalid`,
      message: receipt,
      recipients: [messagingIdOf(original.signerCertificate)],
      precedence: message.precedence,
    };
  }

  /** What `fetchAttachment` downloads: the reference the signed message carries, only for a trusted one. */
  attachment(id: number, index: number): { readonly ref: AttachmentRef; readonly messageId: string; readonly classification: ClassificationLevel } {
    const message = this.#kept(id);
    if (!message.verdict.trusted) throw new DomainError('messaging.attachmentNotTrusted');
    const ref = message.attachments?.[index];
    if (ref === undefined) throw new DomainError('messaging.attachmentNotFound');
    return { ref, messageId: message.messageId, classification: message.classification };
  }

  /** A message of this zone's inbox by record id; none above the ceiling (the store is per zone, checked anyway). */
  #kept(id: number): Kept {
    const record = this.#options.store.get<StoredMessage>(id);
    if (record === undefined || record.collection !== MESSAGES) throw new DomainError('messaging.messageNotFound');
    const message: Kept = { ...inboxMessage(record.value), id: record.id };
    if (!this.#allowed(message)) throw new DomainError('messaging.messageNotFound');
    return message;
  }

  #allowed(message: InboxMessage): boolean {
    return isWithinCeiling(message.classification, this.#options.ceiling);
  }

  #summary(message: Kept): MessageSummary {
    return {
      id: message.id,
      messageId: message.messageId,
      subject: message.subject,
      sender: message.sender,
      senderFingerprint: message.senderFingerprint ?? null,
      classification: message.classification,
      precedence: message.precedence,
      receivedAt: message.receivedAt,
      expiresAt: message.expiresAt,
      expired: expired(message, this.#now()),
      verdict: message.verdict.trusted ? { trusted: true } : { trusted: false, problem: message.verdict.problem },
      read: this.#options.marks.of(message.messageId) !== undefined,
      threadId: threadIdOf(message),
      attachments: message.attachments?.length ?? 0,
    };
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))();
  }
}

function expired(message: InboxMessage, now: Date): boolean {
  return now.getTime() > Date.parse(message.expiresAt);
}
