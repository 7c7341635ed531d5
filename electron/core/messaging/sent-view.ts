import type { SentMessageView } from '../../../shared/domain/message.js';
import { DomainError } from '../domain-error.js';
import { verifySignedData, type SignerTrust } from './cms-signed-data-verifier.js';
import { MessageError, toDomainError } from './message-error.js';
import type { MessageTrackingStore } from './message-tracking-store.js';
import type { SealedOutbox } from './sealed-outbox.js';
import type { SentMessageStore } from './sent-message-store.js';
import { verifyReceipt, type SentOriginal } from './signed-receipt.js';

const PAGE = 50;

/**
 * What was sent and who read it: the sent records with each recipient's delivery state, and the
 * signed receipts kept as proof, verified again on request against the signed copy kept at compose.
 */
export class SentView {
  constructor(
    private readonly options: {
      readonly sent: SentMessageStore;
      readonly outbox: SealedOutbox;
      readonly tracking: MessageTrackingStore;
      /** The sender's own trust: the kept copy and each receipt are verified against the pinned roots and CRLs. */
      readonly trust: SignerTrust;
    },
  ) {}

  /** Newest first; a recipient with a kept receipt is `read` at the receipt's time, whatever the transport said. */
  sent(cursor: string | undefined): { readonly messages: SentMessageView[]; readonly next: string | null } {
    const page = this.options.sent.page({ limit: PAGE, after: cursor });
    const messages = page.messages.map((message): SentMessageView => {
      const deliveries = new Map(this.options.tracking.deliveryOf(message.messageId).map((delivery) => [delivery.recipient, delivery]));
      const receipts = new Map(this.options.tracking.receiptsFor(message.messageId).map((receipt) => [receipt.readerFingerprint, receipt]));
      return {
        messageId: message.messageId,
        subject: message.subject,
        classification: message.classification,
        precedence: message.precedence,
        queuedAt: message.queuedAt,
        sentAt: this.options.outbox.get(message.messageId)?.sentAt ?? null,
        recipients: message.recipients.map((recipient) => {
          const receipt = receipts.get(recipient.fingerprint);
          const delivery = deliveries.get(recipient.fingerprint);
          return {
            fingerprint: recipient.fingerprint,
            name: recipient.name,
            state: receipt !== undefined ? 'read' : (delivery?.state ?? 'queued'),
            readAt: receipt?.readAt ?? null,
            ...(receipt === undefined && delivery?.reason !== undefined ? { reason: delivery.reason } : {}),
          };
        }),
      };
    });
    return { messages, next: page.next ?? null };
  }

  /**
   * The signed copy kept at compose, verified: what a receipt for this message must name (its
   * signature, signed attributes, content type). The receiving side calls it for each receipt that
   * comes in — with the fingerprints of its recipients, the only ones whose receipt counts;
   * undefined for a message this zone never sent.
   */
  async sentOriginal(messageId: string): Promise<SentOriginal | undefined> {
    const signedData = this.options.sent.signedData(messageId);
    const sent = this.options.sent.get(messageId);
    if (signedData === undefined || sent === undefined) return undefined;
    const original = await verified(() => verifySignedData(signedData, this.options.trust));
    return { ...original, recipients: sent.recipients.map((recipient) => recipient.fingerprint) };
  }

  /** Verifies the kept receipt of `reader` (a certificate fingerprint) again: signature, chain, that it answers this message and that the reader was one of its recipients. */
  async verifyReceipt(messageId: string, reader: string): Promise<{ readonly valid: boolean; readonly reader: string; readonly readAt: string }> {
    const receipt = this.options.tracking.receiptsFor(messageId).find((kept) => kept.readerFingerprint === reader);
    const original = await this.sentOriginal(messageId);
    if (receipt === undefined || original === undefined) throw new DomainError('messaging.receiptNotFound');
    try {
      const checked = await verifyReceipt(receipt.receipt, original, this.options.trust);
      return { valid: checked.signer.fingerprint === reader && original.recipients.includes(reader), reader: receipt.reader, readAt: receipt.readAt };
    } catch (error) {
      if (error instanceof MessageError) return { valid: false, reader: receipt.reader, readAt: receipt.readAt };
      throw error;
    }
  }
}

async function verified<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof MessageError ? toDomainError(error) : error;
  }
}
