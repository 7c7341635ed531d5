import type { ComposeRequest } from '../../../shared/domain/message.js';
import type { AuditDetailKey } from '../../../shared/domain/audit-kinds.js';
import { isWithinCeiling, type ClassificationLevel } from '../../../shared/domain/levels.js';
import type { ZonesOverview } from '../../../shared/domain/zone.js';
import type { AuditRecorder } from '../audit-recorder.js';
import type { DirectoryEntry } from '../directory/colleague-directory.js';
import { DomainError } from '../domain-error.js';
import type { TokenSigner } from '../signing/token-signer.js';
import type { SealedStore } from '../store/sealed-store.js';
import { writeMessage, type MessageDraft, type WriteMessageRequest, type WrittenMessage } from './cms-message-writer.js';
import { MESSAGES } from './message-store-schema.js';
import type { MessageTrackingStore } from './message-tracking-store.js';
import { messagingIdOf } from './messaging-address.js';
import type { AttachmentRef, TransferControl } from './messaging-ports.js';
import type { StoredMessage } from './sealed-message-store.js';
import type { SealedOutbox } from './sealed-outbox.js';
import type { SentMessageStore, SentRecipient } from './sent-message-store.js';

/** The colleague directory, asked again at compose time: an entry imported last month may be revoked today. */
export interface ComposeDirectory {
  reverify(fingerprint: string): Promise<DirectoryEntry | undefined>;
}

/** The zone policy as the composer needs it: the live zone's ceiling and every zone's ceiling and services. */
export interface ComposeZones {
  overview(): Pick<ZonesOverview, 'status' | 'zones'>;
}

/** Who signs, on the token, and the sender's own certificates the message is also encrypted to. */
export interface SenderIdentity {
  readonly signer: TokenSigner;
  /** Issuing CAs of the signer's certificate, carried in the SignedData. */
  readonly chain: readonly Uint8Array[];
  /** The sender's encryption certificates: the sent copy stays readable on this token. */
  readonly ownCertificates: readonly Uint8Array[];
}

/** What goes inside the signed text, before it is written as MIME (mime-entity.ts, the attachments' owner). */
export interface ComposedContent {
  readonly subject: string;
  readonly body: string;
  readonly inReplyTo: string | undefined;
  readonly references: readonly string[] | undefined;
  /** Uploaded before signing: the signature covers each container's digest. */
  readonly attachments: readonly AttachmentRef[];
  /** The originals a forward carries unchanged: each the SignedData exactly as received (DER). */
  readonly forwarded: readonly Uint8Array[];
}

/** The text part of the draft writeMessage signs; the multipart builder (attachments, forwards) plugs in here. */
export type ContentBuilder = (content: ComposedContent) => Omit<MessageDraft, 'classification' | 'precedence' | 'expiresAt' | 'requestReceipt'>;

/** Encrypts each file as an Airlock container to the recipients and uploads it (the attachments' service). */
export type AttachmentUploader = (request: { readonly paths: readonly string[]; readonly recipients: readonly DirectoryEntry[]; readonly classification: ClassificationLevel; readonly control: TransferControl }) => Promise<AttachmentRef[]>;

export interface MessageComposerOptions {
  readonly store: SealedStore;
  readonly outbox: SealedOutbox;
  readonly sent: SentMessageStore;
  readonly tracking: MessageTrackingStore;
  readonly directory: ComposeDirectory;
  readonly zones: ComposeZones;
  readonly sender: () => Promise<SenderIdentity>;
  readonly audit: AuditRecorder;
  readonly content?: ContentBuilder;
  readonly uploadAttachments?: AttachmentUploader;
  readonly write?: (request: WriteMessageRequest) => Promise<WrittenMessage>;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;
/** A References header keeps the thread's root and the latest ones (RFC 5322 §3.6.4 allows trimming). */
const MAX_REFERENCES = 100;

/**
 * Compose (docs/messaging.md "Sending"): checks first — the label against the live zone's ceiling
 * (no write down), every recipient against the directory now, the message replied to or forwarded
 * — so a refusal queues nothing; then signs on the token, encrypts to every recipient and the
 * sender, and in one store transaction queues it in the sealed outbox, keeps the sent record and
 * marks each recipient `queued`. Sending is the OutboxSender's work, now or on reconnect.
 */
export class MessageComposer {
  readonly #options: MessageComposerOptions;
  readonly #now: () => Date;

  constructor(options: MessageComposerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async compose(request: ComposeRequest, control: TransferControl = {}): Promise<{ readonly messageId: string }> {
    this.#assertNoWriteDown(request.classification);
    const recipients = await this.#recipients(request.recipients);
    const replied = request.replyTo === undefined ? undefined : this.#original(request.replyTo);
    const forwarded = request.forward === undefined ? undefined : this.#original(request.forward);
    if (forwarded !== undefined && !isWithinCeiling(forwarded.classification, request.classification)) throw new DomainError('messaging.forwardLabelLower');
    const attachments = request.attachments.length === 0 ? [] : await this.#upload(request.attachments, recipients, request.classification, control);

    const now = this.#now();
    const identity = await this.#options.sender();
    const text = (this.#options.content ?? textOnly)({
      subject: replied === undefined ? request.subject : replySubject(request.subject),
      body: request.body,
      inReplyTo: replied?.messageId,
      references: replied === undefined ? undefined : threadOf(replied),
      attachments,
      forwarded: forwarded === undefined ? [] : [Buffer.from(forwarded.signedData, 'base64')],
    });
    const written = await (this.#options.write ?? writeMessage)({
      draft: { ...text, classification: request.classification, precedence: request.precedence, expiresAt: new Date(now.getTime() + request.expiresInDays * DAY_MS), requestReceipt: request.requestReceipt },
      signer: identity.signer,
      chain: identity.chain,
      recipients: recipients.map((entry) => entry.der),
      senderCertificates: identity.ownCertificates,
      now,
    });

    const queuedAt = now.toISOString();
    const addressees: SentRecipient[] = recipients.map((entry) => ({ fingerprint: entry.fingerprint, name: entry.info.subject.commonName ?? entry.info.subject.display, inbox: messagingIdOf(entry.der) }));
    const { store, outbox, sent, tracking } = this.#options;
    store.transaction(() => {
      outbox.enqueue({ messageId: written.messageId, message: written.message, recipients: addressees.map((entry) => entry.inbox), precedence: request.precedence, queuedAt });
      sent.add({ messageId: written.messageId, subject: text.subject, classification: request.classification, precedence: request.precedence, queuedAt, recipients: addressees }, written.signed.signedData);
      for (const entry of addressees) tracking.setDelivery({ messageId: written.messageId, recipient: entry.fingerprint, state: 'queued', at: queuedAt });
    });
    // inReplyTo: the guided tour's messaging step knows the trainee answered the message opened.
    const details: Partial<Record<AuditDetailKey, string | number>> = { level: request.classification, recipients: addressees.length, messageId: written.messageId };
    if (replied !== undefined) details.inReplyTo = replied.messageId;
    this.#options.audit.record('message.composed', 'ok', details);
    return { messageId: written.messageId };
  }

  /** No write down: the message's label must fit under the live zone's ceiling; else the zones that allow it and messaging are named. */
  #assertNoWriteDown(level: ClassificationLevel): void {
    const { status, zones } = this.#options.zones.overview();
    const switchTo = zones.filter((zone) => zone.services.includes('messaging') && isWithinCeiling(level, zone.highestClassification));
    // Fail closed: a live zone the policy gives no messaging sends nothing, whatever the label.
    const live = zones.find((zone) => zone.id === status.active?.id);
    if (live === undefined || !live.services.includes('messaging')) throw new DomainError('messaging.zoneWithoutMessaging', { zones: switchTo.map((zone) => zone.name) });
    if (isWithinCeiling(level, status.highestClassification)) return;
    this.#options.audit.record('zone.contentRefused', 'refused', { level, ceiling: status.highestClassification, action: 'send', zone: status.active?.id ?? 'none' });
    if (switchTo.length === 0) throw new DomainError('messaging.noZoneForLevel');
    throw new DomainError('messaging.writeDown', { zones: switchTo.map((zone) => zone.name) });
  }

  async #recipients(fingerprints: readonly string[]): Promise<DirectoryEntry[]> {
    const entries: DirectoryEntry[] = [];
    for (const [index, fingerprint] of fingerprints.entries()) {
      if (fingerprints.indexOf(fingerprint) !== index) continue;
      // The field's path names the recipient for the form; the fingerprint itself stays out of the error.
      const entry = await this.#options.directory.reverify(fingerprint);
      if (entry === undefined) throw this.#refused(new DomainError('messaging.recipientUnknown', { fields: [`recipients.${index}`] }));
      if (entry.validation.status !== 'valid') throw this.#refused(new DomainError('messaging.recipientUntrusted', { certificateReason: entry.validation.reason, fields: [`recipients.${index}`] }), entry.fingerprint);
      entries.push(entry);
    }
    return entries;
  }

  /** Encrypting to an unknown or untrusted certificate was attempted: a security event. */
  #refused(error: DomainError, fingerprint?: string): DomainError {
    this.#options.audit.record('message.composed', 'refused', { code: error.code, ...(fingerprint === undefined ? {} : { fingerprint }), ...(error.details?.certificateReason === undefined ? {} : { reason: error.details.certificateReason }) });
    return error;
  }

  /** A message of this zone's inbox, by record id. */
  #original(id: number): StoredMessage {
    const record = this.#options.store.get<StoredMessage>(id);
    if (record?.collection !== MESSAGES) throw new DomainError('messaging.originalNotFound');
    return record.value;
  }

  #upload(paths: readonly string[], recipients: readonly DirectoryEntry[], classification: ClassificationLevel, control: TransferControl): Promise<AttachmentRef[]> {
    const upload = this.#options.uploadAttachments;
    if (upload === undefined) throw new Error('attachments need the attachment service (messaging-ports.ts AttachmentTransfer) wired into the composer');
    return upload({ paths, recipients, classification, control });
  }
}

/** Until the multipart content lands (mime-entity.ts): plain text, and a wiring error for attachments or forwards. */
export const textOnly: ContentBuilder = (content) => {
  if (content.attachments.length > 0 || content.forwarded.length > 0) throw new Error('attachments and forwards need the multipart content builder wired into the composer');
  return { subject: content.subject, body: content.body, inReplyTo: content.inReplyTo, references: content.references };
};

/** Reply prefixes in either language of the screen ("Re:", "Trả lời:"), repeated or mixed. */
const REPLY_PREFIXES = /^(\s*(re|trả lời)\s*:\s*)+/iu;

/**
 * One reply prefix however many the subject already has: the Vietnamese one when the screen wrote
 * it (so the reader never sees "Re: Trả lời: …"), else "Re: ".
 */
export function replySubject(subject: string): string {
  const prefix = /^\s*trả lời\s*:/iu.test(subject) ? 'Trả lời:' : 'Re:';
  return `${prefix} ${subject.replace(REPLY_PREFIXES, '')}`;
}

/** The thread this reply continues: the original's References then the original itself, root kept when trimmed. */
function threadOf(original: Pick<StoredMessage, 'messageId' | 'references'>): string[] {
  const chain = [...(original.references ?? []), original.messageId];
  return chain.length <= MAX_REFERENCES ? chain : [chain[0] ?? original.messageId, ...chain.slice(chain.length - MAX_REFERENCES + 1)];
}
