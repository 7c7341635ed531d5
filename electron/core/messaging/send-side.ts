import type { AuditRecorder } from '../audit-recorder.js';
import type { SealedStore } from '../store/sealed-store.js';
import type { SignerTrust } from './cms-signed-data-verifier.js';
import { MessageComposer, type MessageComposerOptions } from './message-composer.js';
import { MessageTrackingStore } from './message-tracking-store.js';
import { OutboxSender } from './outbox-sender.js';
import { SealedOutbox } from './sealed-outbox.js';
import { SentMessageStore } from './sent-message-store.js';
import { SentView } from './sent-view.js';

export interface SendSide {
  readonly composer: MessageComposer;
  readonly sender: OutboxSender;
  readonly view: SentView;
  /** The same outbox the receiving side queues signed receipts in. */
  readonly outbox: SealedOutbox;
  readonly tracking: MessageTrackingStore;
}

/**
 * The sending half of messaging over one zone's unlocked sealed store, as the core assembles it:
 * one outbox, sent-record and tracking view of the store shared by the composer, the sender and
 * the Sent view. Made again for each zone (each has its own store); holds nothing between calls.
 */
export function createSendSide(options: Omit<MessageComposerOptions, 'store' | 'outbox' | 'sent' | 'tracking'> & { readonly store: SealedStore; readonly audit: AuditRecorder; readonly trust: SignerTrust }): SendSide {
  const { store, trust, ...rest } = options;
  const outbox = new SealedOutbox(store);
  const sent = new SentMessageStore(store);
  const tracking = new MessageTrackingStore(store);
  return {
    composer: new MessageComposer({ ...rest, store, outbox, sent, tracking }),
    sender: new OutboxSender({ outbox, sent, tracking, audit: options.audit, ...(options.now === undefined ? {} : { now: options.now }) }),
    view: new SentView({ sent, outbox, tracking, trust }),
    outbox,
    tracking,
  };
}
