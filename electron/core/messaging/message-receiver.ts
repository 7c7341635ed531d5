import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { isWithinCeiling, type ClassificationLevel } from '../../../shared/domain/levels.js';
import type { MessageArrival } from '../../../shared/domain/message.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { openEnvelope, type RecipientKey } from './cms-envelope.js';
import { readSignedMessage, type ReceivedMessage } from './cms-message-reader.js';
import { ParsedSignedData, type SignerTrust } from './cms-signed-data-verifier.js';
import { Receipt } from './ess-attributes.js';
import type { InboxMessage as FetchedMessage } from './inbox.js';
import { claimedLabel, claimsOf } from './message-claims.js';
import { MessageError, type MessageProblem } from './message-error.js';
import { threadIdOf, type MessageThreads } from './message-marks.js';
import { ID_CT_AUTH_ENVELOPED_DATA, ID_CT_RECEIPT, ID_SIGNED_DATA } from './message-oids.js';
import type { MessageTrackingStore } from './message-tracking-store.js';
import { readSignedEntity } from './mime-entity.js';
import { inboxMessageOf, type InboxMessage, type SealedMessageStore } from './sealed-message-store.js';
import { verifyReceipt, type SentOriginal } from './signed-receipt.js';

/**
 * What the screen hears of a stored message, trusted or quarantined (the contract's
 * `messages.arrived`), with the stored verdict; Hỏa tốc is raised over every screen.
 */
export type ArrivedMessage = MessageArrival;

export interface MessageReceiverOptions {
  readonly inbox: { fetch(max: number): Promise<FetchedMessage[]> };
  /** The reader's decryption keys on the token. */
  readonly keys: readonly RecipientKey[];
  /** Pinned roots and CRLs; its clock decides expiry. */
  readonly trust: SignerTrust;
  /** The live zone's ceiling: nothing above it is stored here. */
  readonly ceiling: ClassificationLevel;
  readonly messages: SealedMessageStore;
  readonly tracking: MessageTrackingStore;
  readonly threads: MessageThreads;
  readonly audit: AuditRecorder;
  /** The SignedData this workstation kept of a message it sent and its recipients (the "send" side keeps them), to check a receipt against. */
  readonly sentOriginal: (messageId: string) => Promise<SentOriginal | undefined>;
  readonly onArrived?: (arrived: ArrivedMessage) => void;
  readonly now?: () => Date;
}

/** What one batch did. */
export interface ReceiveOutcome {
  readonly stored: number;
  readonly quarantined: number;
  readonly duplicates: number;
  /** Left on the server this time (labelled above the ceiling). */
  readonly held: number;
  readonly receipts: number;
  readonly receiptsRejected: number;
}

type Decision = keyof ReceiveOutcome;

/** Records of refused input are named by the input's own digest: the same bytes again are the same record, and a forgery cannot take a real message's id. */
const quarantineIdOf = (bytes: Uint8Array): string => `quarantine-${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}@airlock.invalid`;

/**
 * The receiving end of the inbox (docs/messaging.md "Receiving"): fetches a batch, most urgent
 * first, and decides each message — decrypt on the token, check the label against the zone's
 * ceiling, verify, store (trusted or quarantined), then ack. A message above the ceiling is not
 * stored and not answered while the zone lives (the server keeps it for the ack wait); `release`
 * hands it back at once when the zone is left, for a zone that may hold it.
 * Receipts for our own messages are verified against what we sent and recorded.
 */
export class MessageReceiver {
  readonly #options: MessageReceiverOptions;
  /**
   * Deliveries held above the ceiling in this session, by stream sequence: the latest delivery of
   * each, unanswered (no plaintext is kept), so `release` can hand it back at once. A sequence seen
   * again (the ack wait ran out) is held again without decrypting.
   */
  readonly #held = new Map<number, FetchedMessage>();
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: MessageReceiverOptions) {
    this.#options = options;
  }

  /** Messages waiting on the server labelled above this zone's ceiling (as seen in this session). */
  heldAbove(): number {
    return this.#held.size;
  }

  /**
   * The zone is being left (lock, switch): every held delivery is handed back now (`nak` without
   * delay), over the connection that still lives, so the next zone that may read them gets them at
   * its first fetch instead of after the ack wait. Waits for a batch in hand; fire and forget per
   * message (a lost one comes back by the ack wait).
   */
  release(): Promise<void> {
    const run = this.#running.then(() => {
      for (const delivery of this.#held.values()) delivery.nak(0);
      this.#held.clear();
    });
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** One batch of at most `max`; batches never overlap (a second call waits for the first). */
  receive(max = 50): Promise<ReceiveOutcome> {
    const run = this.#running.then(() => this.#receive(max));
    this.#running = run.catch(() => undefined);
    return run;
  }

  async #receive(max: number): Promise<ReceiveOutcome> {
    const outcome: Record<Decision, number> = { stored: 0, quarantined: 0, duplicates: 0, held: 0, receipts: 0, receiptsRejected: 0 };
    const fetched = await this.#options.inbox.fetch(max);
    for (const [index, message] of fetched.entries()) {
      let decision: Decision;
      try {
        decision = await this.#decide(message);
      } catch (error) {
        // Not a verdict on the message (the token or the store failed): it stays on the server,
        // with the rest of the batch, and comes back at the next fetch.
        for (const left of fetched.slice(index)) left.nak(0);
        throw error;
      }
      outcome[decision] += 1;
      // Held: not answered. Its latest delivery is kept for `release`; until then the server keeps
      // it for the ack wait and delivers it again here, where it is held again.
      if (decision === 'held') this.#held.set(message.seq, message);
      else await message.ack();
    }
    return outcome;
  }

  async #decide(message: FetchedMessage): Promise<Decision> {
    if (this.#held.has(message.seq)) return 'held';
    const contentType = contentTypeOf(message.data);
    if (contentType === ID_SIGNED_DATA) return this.#receipt(message);
    if (contentType !== ID_CT_AUTH_ENVELOPED_DATA) return this.#quarantineSealed(message, 'malformed', undefined);

    let entity: Uint8Array;
    try {
      entity = await openEnvelope(message.data, this.#options.keys);
    } catch (error) {
      if (error instanceof MessageError) return this.#quarantineSealed(message, error.problem, message.data);
      throw error;
    }
    let signedData: Uint8Array | undefined;
    try {
      signedData = readSignedEntity(entity);
    } catch (error) {
      if (error instanceof MessageError) return this.#quarantineSealed(message, error.problem, message.data);
      throw error;
    } finally {
      entity.fill(0);
    }
    try {
      return await this.#signed(message, signedData);
    } finally {
      // The plaintext does not outlive the decision (what was stored is sealed in the store).
      signedData.fill(0);
    }
  }

  async #signed(message: FetchedMessage, signedData: Uint8Array): Promise<Decision> {
    const { ceiling, trust } = this.#options;
    // One strict parse of a copy (the plaintext is zeroed after the decision) serves the label and
    // the verifier; one that does not parse strictly has its label read leniently, as before.
    const copy = new Uint8Array(signedData);
    const parsed = parsedOrUndefined(copy);
    // The label is only known now, in memory: decided before anything is verified or kept.
    const label = claimedLabel(parsed ?? signedData);
    if (label !== undefined && !isWithinCeiling(label, ceiling)) return this.#hold(message, label);

    let received: ReceivedMessage;
    try {
      received = await readSignedMessage(parsed ?? copy, trust);
    } catch (error) {
      if (!(error instanceof MessageError)) throw error;
      // Without a label it reads, nobody can say the content may be here: only the envelope is kept.
      if (label === undefined) return this.#quarantineSealed(message, error.problem, message.data);
      return this.#quarantineClaimed(message, signedData, label, error.problem);
    }
    const kept = inboxMessageOf(received, this.#now());
    const existing = this.#options.messages.byMessageId(kept.messageId);
    if (existing !== undefined) {
      if (Buffer.from(existing.signedData).equals(kept.signedData)) return 'duplicates';
      // Another signed message under an id we hold: it must not replace nor hide the first.
      return this.#quarantineClaimed(message, signedData, label ?? received.classification, 'malformed');
    }
    const id = this.#options.messages.add(kept);
    this.#options.threads.add(threadIdOf(kept), kept.messageId);
    this.#options.audit.record('message.received', 'ok', { messageId: kept.messageId, level: kept.classification, signer: received.signer.fingerprint });
    this.#announce(id, kept);
    return 'stored';
  }

  /** The screen hears of every stored message with the verdict stored for it (a quarantined one is never shown as trusted). */
  #announce(id: number, kept: InboxMessage): void {
    try {
      this.#options.onArrived?.({ id, precedence: kept.precedence, sender: kept.sender, subject: kept.subject, verdict: kept.verdict.trusted ? { trusted: true } : { trusted: false, problem: kept.verdict.problem } });
    } catch {
      // The screen not listening (a window closing) changes nothing about the message: it is stored.
    }
  }

  #hold(message: FetchedMessage, label: ClassificationLevel): Decision {
    this.#options.audit.record('message.heldAbove', 'refused', { level: label, ceiling: this.#options.ceiling, ...(message.msgId === '' ? {} : { messageId: message.msgId }) });
    return 'held';
  }

  /** Decrypted, labelled within the ceiling, but not verified: kept with what it claims, never as trusted. */
  #quarantineClaimed(message: FetchedMessage, signedData: Uint8Array, label: ClassificationLevel, problem: MessageProblem): Decision {
    const claims = claimsOf(signedData);
    const receivedAt = this.#now().toISOString();
    return this.#quarantine(message, problem, {
      messageId: quarantineIdOf(message.data),
      subject: claims.text?.subject ?? '',
      body: claims.text?.body ?? '',
      sender: claims.signer === undefined ? '' : (claims.signer.subject.commonName ?? claims.signer.subject.display),
      senderFingerprint: claims.signer?.fingerprint,
      classification: label,
      precedence: claims.precedence ?? message.precedence,
      receivedAt,
      expiresAt: claims.expiresAt?.toISOString() ?? receivedAt,
      receiptRequested: false,
      verdict: { trusted: false, problem },
      inReplyTo: claims.text?.inReplyTo,
      references: claims.text?.references,
      signedData: new Uint8Array(signedData),
    });
  }

  /**
   * Nothing readable, or nothing this zone may keep in clear: no plaintext is stored, the sender is
   * unknown, the level is the zone's ceiling (the most it could be here), and the bytes as received
   * (the envelope, ciphertext) are kept as evidence in place of the SignedData.
   */
  #quarantineSealed(message: FetchedMessage, problem: MessageProblem, envelope: Uint8Array | undefined): Decision {
    const receivedAt = this.#now().toISOString();
    return this.#quarantine(message, problem, {
      messageId: quarantineIdOf(message.data),
      subject: '',
      body: '',
      sender: '',
      senderFingerprint: undefined,
      classification: this.#options.ceiling,
      precedence: message.precedence,
      receivedAt,
      expiresAt: receivedAt,
      receiptRequested: false,
      verdict: { trusted: false, problem },
      signedData: envelope === undefined ? new Uint8Array(0) : new Uint8Array(envelope),
    });
  }

  #quarantine(message: FetchedMessage, problem: MessageProblem, record: InboxMessage): Decision {
    if (this.#options.messages.byMessageId(record.messageId) !== undefined) return 'duplicates';
    const id = this.#options.messages.add(record);
    this.#options.audit.record('message.quarantined', 'refused', { code: `message.${problem}`, level: record.classification, messageId: record.messageId, hash: digestOf(message.data), ...(record.senderFingerprint === undefined ? {} : { signer: record.senderFingerprint }) });
    this.#announce(id, record);
    return 'quarantined';
  }

  /** A signed receipt (it travels without an envelope): proof only against the message we kept. */
  async #receipt(message: FetchedMessage): Promise<Decision> {
    const { audit, ceiling, trust, tracking } = this.#options;
    const messageId = receiptSubjectOf(message.data);
    const label = claimedLabel(message.data);
    if (label !== undefined && !isWithinCeiling(label, ceiling)) return this.#hold(message, label);
    const rejected = (code: string, signer?: string): Decision => {
      audit.record('message.receiptRejected', 'refused', { code, hash: digestOf(message.data), ...(messageId === undefined ? {} : { messageId }), ...(signer === undefined ? {} : { signer }) });
      return 'receiptsRejected';
    };
    if (messageId === undefined) return rejected('message.malformed');
    const original = await this.#options.sentOriginal(messageId);
    if (original === undefined) return rejected('message.receiptMismatch');
    try {
      const verified = await verifyReceipt(message.data, original, trust);
      // A valid signature proves who signed, not that they were sent the message: only a recipient's receipt says "read".
      if (!original.recipients.includes(verified.signer.fingerprint)) return rejected('message.receiptNotRecipient', verified.signer.fingerprint);
      const readAt = (verified.signingTime ?? this.#now()).toISOString();
      const reader = verified.signer.subject.commonName ?? verified.signer.subject.display;
      tracking.addReceipt({ messageId, reader, readerFingerprint: verified.signer.fingerprint, readAt, receipt: message.data });
      tracking.setDelivery({ messageId, recipient: verified.signer.fingerprint, state: 'read', at: readAt });
      audit.record('message.receiptReceived', 'ok', { messageId, signer: verified.signer.fingerprint, occurredAt: readAt });
      return 'receipts';
    } catch (error) {
      if (error instanceof MessageError) return rejected(`message.${error.problem}`);
      throw error;
    }
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))();
  }
}

function contentTypeOf(bytes: Uint8Array): string | undefined {
  try {
    return AsnConvert.parse(bytes, ContentInfo).contentType;
  } catch {
    return undefined;
  }
}

/** The message a receipt names (its signedContentIdentifier, Airlock's Message-ID), before any check. */
function receiptSubjectOf(bytes: Uint8Array): string | undefined {
  try {
    const signed = AsnConvert.parse(AsnConvert.parse(bytes, ContentInfo).content, SignedData);
    const content = signed.encapContentInfo.eContent?.single;
    if (signed.encapContentInfo.eContentType !== ID_CT_RECEIPT || content === undefined) return undefined;
    return Buffer.from(AsnConvert.parse(content.buffer, Receipt).signedContentIdentifier.buffer).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Malformed input is the verifier's to refuse (with its reason): here it only means "parse again leniently for the label". */
function parsedOrUndefined(bytes: Uint8Array): ParsedSignedData | undefined {
  try {
    return ParsedSignedData.parse(bytes);
  } catch (error) {
    if (error instanceof MessageError) return undefined;
    throw error;
  }
}

const digestOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
