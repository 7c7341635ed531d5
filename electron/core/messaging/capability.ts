import type { AuditTrail } from '../audit/audit-trail.js';
import type { CertificateTrust } from '../certificates/capability.js';
import { recipientKeysOfSession } from '../documents/document-service.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { TokenService } from '../token/token-service.js';
import type { ZoneService } from '../zones/zone-service.js';
import type { SealedStore } from '../store/sealed-store.js';
import { DomainError } from '../domain-error.js';
import type { SignerTrust } from './cms-signed-data-verifier.js';
import { importCredentials } from './credentials-import.js';
import type { ComposeDirectory, ContentBuilder } from './message-composer.js';
import { MessageReadMarks, MessageThreads } from './message-marks.js';
import { MessageReading } from './message-reading.js';
import { MessageReceiver } from './message-receiver.js';
import { SealedMessageStore } from './sealed-message-store.js';
import { createSendSide, type SendSide } from './send-side.js';
import { fetchAttachment } from './attachment-download.js';
import { uploadAttachments } from './attachment-upload.js';
import type { MessagingConnection } from './connection.js';
import { messagingIdOf } from './messaging-address.js';
import { SealedCredentialsStore } from './sealed-credentials-store.js';
import { messagingHandlers } from './handlers.js';
import { MessageJobs } from './message-jobs.js';
import type { MessagingParts, MessagingZone } from './messaging-parts.js';
import { MessagingService } from './messaging-service.js';

export interface MessagingDeps {
  readonly zones: ZoneService;
  readonly tokens: TokenService | undefined;
  /** Whom a signer must chain to: the officer's hand-over, every message and receipt (pinned roots, CRLs). */
  readonly trust: CertificateTrust;
  /** The configured intermediates (DER), carried in what this workstation signs. */
  readonly intermediateDers: () => readonly Uint8Array[];
  /** The colleagues a message may go to, asked again at compose time. */
  readonly directory: ComposeDirectory;
  readonly session: WorkstationSession;
  readonly events: EventBus;
  readonly audit: AuditTrail;
  /** Where fetched attachments land (the core's documentFolders.inbox); opened from there by documents.open. */
  readonly inboxFolder: string;
  /** Parts given from outside (tests; a part not built yet); each wins over the assembled one. */
  readonly parts?: MessagingParts;
  readonly retryMs?: number;
  readonly failure?: (error: unknown) => void;
}

/** What one zone store holds of messaging, made once per store (each class ensures its tables). */
interface ZoneSide {
  readonly messages: SealedMessageStore;
  readonly threads: MessageThreads;
  readonly send: SendSide;
  readonly reading: MessageReading;
  /** The receiver of the live connection (one per connection): what `heldAbove` asks. */
  receiver: MessageReceiver | undefined;
  /** The zone's live connection, as the service last said (attachments are uploaded over it). */
  connection: () => MessagingConnection | undefined;
}

/** The composed content as the signed text carries it: forwards and attachment references inside the multipart entity. */
const multipartContent: ContentBuilder = ({ subject, body, inReplyTo, references, attachments, forwarded }) => ({ subject, body, inReplyTo, references, attachments, forwarded });

/**
 * The parts the service is assembled from, each made for the live zone from its sealed store; the
 * tables' views are made once per store (a lock or a switch brings another store, so new ones).
 * MERGE SLOTS (issue #15): none left — every part is plugged (docs/messaging.md "The client"); a part
 * given in `parts` (tests) still wins over the assembled one.
 */
function assembledParts({ zones, tokens, trust, intermediateDers, directory, events, audit, inboxFolder }: MessagingDeps): MessagingParts {
  // The unlocked token's keys: the hand-over and messages are opened with them, and the account must be theirs.
  const keys = () => recipientKeysOfSession(tokens);
  const signerTrust = (): SignerTrust => ({ ...trust, now: () => new Date() });
  const credentialsOf = (zone: MessagingZone) => new SealedCredentialsStore(() => Promise.resolve(zone.store), async () => (await keys()).map((key) => messagingIdOf(key.certificateDer)));
  /**
   * Who signs: the key whose account the zone's credentials are (a token holds one person's RSA and
   * EC keys, each its own messaging id), else the first; the copy kept is encrypted to all of them.
   */
  const identity = async (zone: MessagingZone) => {
    const holders = await keys();
    const account = await credentialsOf(zone).account();
    const signer = holders.find((holder) => messagingIdOf(holder.certificateDer) === account) ?? holders[0];
    if (signer === undefined) throw new DomainError('token.keyNotFound');
    return { signer: signer.signer, chain: intermediateDers(), ownCertificates: holders.map((holder) => holder.certificateDer) };
  };
  const sides = new WeakMap<SealedStore, ZoneSide>();
  const sideOf = (zone: MessagingZone): ZoneSide => {
    const known = sides.get(zone.store);
    if (known !== undefined) return known;
    const { store } = zone;
    const messages = new SealedMessageStore(store, audit);
    const threads = new MessageThreads(store);
    // The multipart content (mime-entity.ts): attachment references and forwarded originals go inside the signed text.
    const send = createSendSide({ store, directory, zones, sender: () => identity(zone), audit, trust: signerTrust(), content: multipartContent, uploadAttachments: (request) => uploadAttachments(request, side.connection(), () => identity(zone)) });
    const side: ZoneSide = {
      messages,
      threads,
      send,
      receiver: undefined,
      connection: () => undefined,
      reading: new MessageReading({
        store,
        messages,
        marks: new MessageReadMarks(store),
        threads,
        outbox: send.outbox,
        ceiling: zone.ceiling,
        trust: signerTrust(),
        receiptSigner: () => identity(zone),
        audit,
        heldAbove: () => side.receiver?.heldAbove() ?? 0,
      }),
    };
    sides.set(store, side);
    return side;
  };
  return {
    credentials: credentialsOf,
    importCredentials: (zone) => ({
      importCredentials: async (file) =>
        importCredentials(file, {
          keys: await keys(),
          trust: signerTrust(),
          store: credentialsOf(zone),
          audit,
          gate: (label) => zones.assertMayHandle(label.level, 'open'),
        }),
    }),
    reading: (zone) => sideOf(zone).reading,
    writing: (zone, connection) => {
      const side = sideOf(zone);
      side.connection = connection;
      const { send } = side;
      return {
        // Queued in the sealed outbox; the service flushes at once when connected and says whether it went.
        compose: async (request, control) => ({ messageId: (await send.composer.compose(request, control)).messageId, queued: true }),
        sent: (cursor) => Promise.resolve(send.view.sent(cursor)),
        verifyReceipt: (messageId, reader) => send.view.verifyReceipt(messageId, reader),
      };
    },
    outbox: (zone) => sideOf(zone).send.sender,
    // Downloaded over the live connection into the inbox folder, only a trusted message's (attachment-download.ts).
    attachments: (zone, connection) => ({
      fetchAttachment: (id, index, control) => fetchAttachment({ reading: sideOf(zone).reading, connection, inboxFolder, audit }, id, index, control),
    }),
    // Called once per connection: its receiver is made at the first batch (the token's keys then) and lives as long.
    receiver: (zone) => {
      const side = sideOf(zone);
      side.receiver = undefined;
      let receiver: MessageReceiver | undefined;
      return {
        receiveBatch: async (inbox) => {
          // Batches never overlap (the receive loop waits for each), so one receiver is made.
          receiver ??= side.receiver = new MessageReceiver({
            inbox,
            keys: await keys(),
            trust: signerTrust(),
            ceiling: zone.ceiling,
            messages: side.messages,
            tracking: side.send.tracking,
            threads: side.threads,
            audit,
            sentOriginal: (messageId) => side.send.view.sentOriginal(messageId),
            onArrived: (arrived) => events.emit('messages.arrived', arrived),
          });
          const outcome = await receiver.receive();
          // Held messages stay unanswered on the server: not counted, so an idle loop pauses.
          return outcome.stored + outcome.quarantined + outcome.duplicates + outcome.receipts + outcome.receiptsRejected;
        },
        // The zone is left: what this zone held above its ceiling goes back to the server now, for the next zone.
        release: () => receiver?.release() ?? Promise.resolve(),
      };
    },
  };
}

/** Messages (issue #15): the connection's life in the live zone, the facade, the messages.* handlers. */
export function createMessaging(deps: MessagingDeps) {
  const { zones, session, events, audit, parts, retryMs, failure } = deps;
  const messaging = new MessagingService({
    zones,
    session,
    events,
    audit,
    parts: { ...assembledParts(deps), ...parts },
    ...(retryMs === undefined ? {} : { retryMs }),
    ...(failure === undefined ? {} : { failure }),
  });
  const jobs = new MessageJobs(messaging, events, session);
  return { messaging, handlers: messagingHandlers(messaging, jobs) };
}
