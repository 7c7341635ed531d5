import type { SealedStore } from '../store/sealed-store.js';
import { DELIVERY, RECEIPTS } from './message-store-schema.js';

/** A signed receipt kept as proof: "read by … at …", with the receipt's own bytes to verify again. */
export interface StoredReceipt {
  readonly messageId: string;
  readonly reader: string;
  readonly readerFingerprint: string;
  readonly readAt: string;
  /** The signed receipt as received (CMS DER, base64). */
  readonly receipt: string;
}

export const DELIVERY_STATES = ['queued', 'stored', 'delivered', 'read', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface StoredDelivery {
  readonly messageId: string;
  /** The recipient certificate's fingerprint. */
  readonly recipient: string;
  readonly state: DeliveryState;
  readonly at: string;
  /** Why a `failed` delivery failed: the error code the server's refusal was heard as. */
  readonly reason?: string | undefined;
}

/** Receipts and per-recipient delivery state of sent messages, sealed, found by the blind index of the message id. */
export class MessageTrackingStore {
  constructor(private readonly store: SealedStore) {}

  /** Keeps one receipt per reader: a receipt sent twice (a retry) is stored once. */
  addReceipt(receipt: Omit<StoredReceipt, 'receipt'> & { readonly receipt: Uint8Array }): void {
    const stored: StoredReceipt = { ...receipt, receipt: Buffer.from(receipt.receipt).toString('base64') };
    this.store.transaction(() => {
      if (this.store.find<StoredReceipt>(RECEIPTS, receipt.messageId).some((record) => record.value.readerFingerprint === receipt.readerFingerprint)) return;
      this.store.put(RECEIPTS, stored, receipt.messageId);
    });
  }

  receiptsFor(messageId: string): (Omit<StoredReceipt, 'receipt'> & { readonly receipt: Uint8Array })[] {
    return this.store.find<StoredReceipt>(RECEIPTS, messageId).map(({ value }) => ({ ...value, receipt: new Uint8Array(Buffer.from(value.receipt, 'base64')) }));
  }

  /** The recipient's latest state replaces the previous one, in one transaction. */
  setDelivery(delivery: StoredDelivery): void {
    this.store.transaction(() => {
      for (const record of this.store.find<StoredDelivery>(DELIVERY, delivery.messageId)) if (record.value.recipient === delivery.recipient) this.store.delete(record.id);
      this.store.put(DELIVERY, delivery, delivery.messageId);
    });
  }

  deliveryOf(messageId: string): StoredDelivery[] {
    return this.store.find<StoredDelivery>(DELIVERY, messageId).map((record) => record.value);
  }
}
