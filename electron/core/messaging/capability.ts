import type { AuditTrail } from '../audit/audit-trail.js';
import type { CertificateTrust } from '../certificates/capability.js';
import { recipientKeysOfSession } from '../documents/document-service.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { TokenService } from '../token/token-service.js';
import type { ZoneService } from '../zones/zone-service.js';
import { importCredentials } from './credentials-import.js';
import { messagingIdOf } from './messaging-address.js';
import { SealedCredentialsStore } from './sealed-credentials-store.js';
import { messagingHandlers } from './handlers.js';
import { MessageJobs } from './message-jobs.js';
import type { MessagingParts, MessagingZone } from './messaging-parts.js';
import { MessagingService } from './messaging-service.js';

export interface MessagingDeps {
  readonly zones: ZoneService;
  readonly tokens: TokenService | undefined;
  /** Whom the officer's hand-over (a signed container) must chain to. */
  readonly trust: CertificateTrust;
  readonly session: WorkstationSession;
  readonly events: EventBus;
  readonly audit: AuditTrail;
  /** Parts given from outside (tests; a part not built yet); each wins over the assembled one. */
  readonly parts?: MessagingParts;
  readonly retryMs?: number;
  readonly failure?: (error: unknown) => void;
}

/**
 * The parts the service is assembled from, each made for the live zone from its sealed store.
 * MERGE SLOTS (issue #15): each is filled here when its part lands on main —
 *   credentials, importCredentials: the officer's SealedCredentialsStore and importCredentials (on main, below)
 *   reading:           (zone) => new MessageReading({ store: zone.store, ceiling: zone.ceiling, …, heldAbove: () => <the live receiver>.heldAbove() })   (recv, on main)
 *   receiver:          (zone) => { receiveBatch: (inbox) => (receiver ??= new MessageReceiver({ inbox, ceiling: zone.ceiling, … })).receive()
 *                                  → stored + quarantined + duplicates + receipts + receiptsRejected;
 *                                  no release: its held messages come back by their nak delay }   (recv, on main;
 *                                  one receiver per connection; its sentOriginal needs send's SentView)
 *   writing:           (zone) => MessageComposer.compose (+ queued) with SentView.sent / verifyReceipt   (send)
 *   outbox:            (zone) => new OutboxSender(…) — flush(inbox), waiting()   (send)
 *   attachments:       (zone, connection) => { fetchAttachment(id, index, control) } over ObjectStoreAttachments   (attach)
 * The deps they need (tokens, trust, directory, audit) come in through MessagingDeps then. Until
 * then a missing part answers `ipc.unavailable`, and without credentials the status says
 * `noCredentials`.
 */
function assembledParts({ zones, tokens, trust, audit }: MessagingDeps): MessagingParts {
  // The unlocked token's keys: the hand-over is opened with them, and the account must be theirs.
  const keys = () => recipientKeysOfSession(tokens);
  const credentialsOf = (zone: MessagingZone) => new SealedCredentialsStore(() => Promise.resolve(zone.store), async () => (await keys()).map((key) => messagingIdOf(key.certificateDer)));
  return {
    credentials: credentialsOf,
    importCredentials: (zone) => ({
      importCredentials: async (file) =>
        importCredentials(file, {
          keys: await keys(),
          trust: { ...trust, now: () => new Date() },
          store: credentialsOf(zone),
          audit,
          gate: (label) => zones.assertMayHandle(label.level, 'open'),
        }),
    }),
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
