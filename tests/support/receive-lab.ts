// The receiving side's lab (issue #15 items 3–5): officials with real SoftHSM keys (an: the EC key,
// binh: the RSA key of one token, each with its own certificate and so its own inbox; a stranger on a
// second token whose authority the others do not pin), a real nats-server whose users are their
// messaging ids, and for each reader and zone a real sealed SQLite store with the inbox, receipts,
// outbox, read marks and threads, the receiver and the reading facade over them.
import path from 'node:path';
import type { ClassificationLevel } from '../../shared/domain/levels.js';
import type { AUDIT_KINDS, AUDIT_RESULTS } from '../../shared/domain/audit.js';
import { writeMessage, type MessageDraft, type WrittenMessage } from '../../electron/core/messaging/cms-message-writer.js';
import { verifySignedData, type SignerTrust } from '../../electron/core/messaging/cms-signed-data-verifier.js';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Inbox } from '../../electron/core/messaging/inbox.js';
import { INBOX_STREAM, MOST_URGENT_FIRST, inboxDurable } from '../../electron/core/messaging/subjects.js';
import { messagingIdOf } from '../../electron/core/messaging/messaging-address.js';
import { MessageReadMarks, MessageThreads } from '../../electron/core/messaging/message-marks.js';
import { MessageReading } from '../../electron/core/messaging/message-reading.js';
import { MessageReceiver, type ArrivedMessage, type MessageReceiverOptions } from '../../electron/core/messaging/message-receiver.js';
import { MessageTrackingStore } from '../../electron/core/messaging/message-tracking-store.js';
import { SealedMessageStore } from '../../electron/core/messaging/sealed-message-store.js';
import { SealedOutbox } from '../../electron/core/messaging/sealed-outbox.js';
import type { SentOriginal } from '../../electron/core/messaging/signed-receipt.js';
import { fingerprintOf } from '../../electron/core/signing/token-signer.js';
import type { MessagingConnection } from '../../electron/core/messaging/connection.js';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
import type { TokenKeyHolder } from '../../electron/core/token/token-key-holders.js';
import { MessagingTokenLab } from './messaging-token.js';
import { createMessagingLab, type MessagingLab } from './nats/messaging-lab.js';
import type { Teardown } from './teardown.js';

export interface Official {
  readonly name: string;
  readonly key: TokenKeyHolder;
  /** messagingIdOf(certificate): the inbox and NATS user. */
  readonly id: string;
  /** The issuing CA, carried in signatures. */
  readonly chain: readonly Uint8Array[];
}

export interface AuditEvent {
  readonly kind: (typeof AUDIT_KINDS)[number];
  readonly result: (typeof AUDIT_RESULTS)[number];
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Reader {
  readonly store: SealedStore;
  readonly connection: MessagingConnection;
  readonly inbox: Inbox;
  readonly messages: SealedMessageStore;
  readonly tracking: MessageTrackingStore;
  readonly outbox: SealedOutbox;
  readonly receiver: MessageReceiver;
  readonly reading: MessageReading;
  readonly audit: AuditEvent[];
  readonly arrived: ArrivedMessage[];
}

export interface ReceiveLab {
  readonly an: Official;
  readonly binh: Official;
  readonly stranger: Official;
  /** The pinned root of an and binh's authority, with its CRLs (the stranger's is not in it). */
  readonly trust: SignerTrust;
  readonly nats: MessagingLab;
  /** Signs (token) and encrypts to `to`, publishes into `to`'s inbox (as the outbox sender will). */
  send(from: Official, to: Official, draft?: Partial<MessageDraft>, options?: { readonly encryptTo?: readonly Uint8Array[] }): Promise<WrittenMessage>;
  publish(from: Official, to: Official, messageId: string, bytes: Uint8Array, precedence?: MessageDraft['precedence']): Promise<void>;
  /** `who` in a zone whose ceiling is `ceiling`, with its own store file `zone`. */
  reader(who: Official, ceiling: ClassificationLevel, zone: string, extra?: Partial<MessageReceiverOptions> & { readonly readingNow?: () => Date; readonly inboxWrap?: (inbox: Inbox) => MessageReceiverOptions['inbox'] }): Promise<Reader>;
  /** What a's own workstation kept of messages it sent (the send side's job): the SignedData as verified. */
  /** What the sender's side keeps of a message it sent: the signed copy and who it was sent to. */
  keep(written: WrittenMessage, recipients: readonly Official[]): Promise<void>;
  sentOriginal(messageId: string): Promise<SentOriginal | undefined>;
  /** Asked of the server itself (administrator): messages of `who`'s device not yet acked, delivered or not. */
  waiting(who: Official): Promise<number>;
}

export const DRAFT: MessageDraft = {
  subject: 'Công văn số 15/CV: triển khai kế hoạch',
  body: 'Đề nghị các đơn vị báo cáo trước 17 giờ.\r\n',
  classification: 'mat',
  precedence: 'khan',
  expiresAt: new Date(Date.now() + 7 * 86_400_000),
  requestReceipt: true,
};

export async function createReceiveLab(teardown: Teardown): Promise<ReceiveLab> {
  const dir = await teardown.tempDir('airlock-receive-');
  const home = new MessagingTokenLab();
  const away = new MessagingTokenLab();
  teardown.defer(() => away.stop());
  teardown.defer(() => home.stop());
  const [mine, theirs] = await Promise.all([home.start(), away.start()]);
  const official = (name: string, key: TokenKeyHolder, chain: Uint8Array): Official => ({ name, key, id: messagingIdOf(key.certificateDer), chain: [chain] });
  const an = official('an', mine.ec, mine.intermediate);
  const binh = official('binh', mine.rsa, mine.intermediate);
  const stranger = official('stranger', theirs.ec, theirs.intermediate);
  const nats = await createMessagingLab(teardown, { users: [an, binh, stranger].map((who) => ({ id: who.id, devices: ['pc1'] })) });
  const trust = mine.trust;
  const kept = new Map<string, SentOriginal>();
  let adminConnection: Promise<NatsConnection> | undefined;
  const admin = (): Promise<NatsConnection> => (adminConnection ??= nats.admin());

  const publish = async (from: Official, to: Official, messageId: string, bytes: Uint8Array, precedence: MessageDraft['precedence'] = 'khan'): Promise<void> => {
    const connection = nats.connectAs(from.id);
    await connection.until((state) => state.kind === 'connected');
    await new Inbox(connection).publish(to.id, precedence, messageId, bytes);
    await connection.close();
  };
  let zones = 0;
  return {
    an,
    binh,
    stranger,
    trust,
    nats,
    publish,
    async send(from, to, draft = {}, options = {}) {
      const full = { ...DRAFT, ...draft };
      const written = await writeMessage({ draft: full, signer: from.key.signer, chain: from.chain, recipients: options.encryptTo ?? [to.key.certificateDer], senderCertificates: [from.key.certificateDer], now: new Date() });
      await publish(from, to, written.messageId, written.message, full.precedence);
      return written;
    },
    async reader(who, ceiling, zone, extra = {}) {
      const file = path.join(dir, `${who.name}-${zone}-${zones++}.db`);
      const store = SealedStore.create(file, [{ certificateDer: who.key.certificateDer, role: 'user' }]);
      teardown.defer(() => store.database.open && store.close());
      const audit: AuditEvent[] = [];
      const recorder = { record: (kind: AuditEvent['kind'], result: AuditEvent['result'], details: Readonly<Record<string, unknown>> = {}) => void audit.push({ kind, result, details }) };
      const messages = new SealedMessageStore(store, recorder);
      const tracking = new MessageTrackingStore(store);
      const outbox = new SealedOutbox(store);
      const threads = new MessageThreads(store);
      const connection = nats.connectAs(who.id);
      await connection.until((state) => state.kind === 'connected');
      const inbox = new Inbox(connection);
      const arrived: ArrivedMessage[] = [];
      const { readingNow, inboxWrap, ...receiverExtra } = extra;
      const receiver = new MessageReceiver({
        inbox: inboxWrap === undefined ? inbox : inboxWrap(inbox),
        keys: [who.key],
        trust,
        ceiling,
        messages,
        tracking,
        threads,
        audit: recorder,
        sentOriginal: (messageId) => Promise.resolve(kept.get(messageId)),
        onArrived: (message) => arrived.push(message),
        ...receiverExtra,
      });
      const reading = new MessageReading({
        store,
        messages,
        marks: new MessageReadMarks(store),
        threads,
        outbox,
        ceiling,
        trust,
        receiptSigner: () => Promise.resolve({ signer: who.key.signer, chain: who.chain }),
        audit: recorder,
        heldAbove: () => receiver.heldAbove(),
        ...(readingNow === undefined ? {} : { now: readingNow }),
      });
      return { store, connection, inbox, messages, tracking, outbox, receiver, reading, audit, arrived };
    },
    async keep(written, recipients) {
      kept.set(written.messageId, { ...(await verifySignedData(written.signed.signedData, trust)), recipients: recipients.map((who) => fingerprintOf(who.key.certificateDer)) });
    },
    sentOriginal: (messageId) => Promise.resolve(kept.get(messageId)),
    async waiting(who) {
      const jsm = await jetstreamManager(await admin(), { checkAPI: false });
      let count = 0;
      for (const precedence of MOST_URGENT_FIRST) {
        const info = await jsm.consumers.info(INBOX_STREAM, inboxDurable(who.id, 'pc1', precedence)).catch(() => undefined);
        count += info === undefined ? 0 : info.num_pending + info.num_ack_pending;
      }
      return count;
    },
  };
}
