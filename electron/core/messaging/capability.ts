import type { AuditTrail } from '../audit/audit-trail.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { ZoneService } from '../zones/zone-service.js';
import { messagingHandlers } from './handlers.js';
import { MessageJobs } from './message-jobs.js';
import type { MessagingParts } from './messaging-parts.js';
import { MessagingService } from './messaging-service.js';

export interface MessagingDeps {
  readonly zones: ZoneService;
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
 *   credentials:       (zone) => new SealedCredentialsStore(async () => zone.store, <the unlocked token's messaging ids>)   (officer)
 *   importCredentials: (zone) => ({ importCredentials: (file) => importCredentials(file, { keys, trust, store: <that store>, audit, gate }) })   (officer)
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
function assembledParts(): MessagingParts {
  return {};
}

/** Messages (issue #15): the connection's life in the live zone, the facade, the messages.* handlers. */
export function createMessaging({ zones, session, events, audit, parts, retryMs, failure }: MessagingDeps) {
  const messaging = new MessagingService({
    zones,
    session,
    events,
    audit,
    parts: { ...assembledParts(), ...parts },
    ...(retryMs === undefined ? {} : { retryMs }),
    ...(failure === undefined ? {} : { failure }),
  });
  const jobs = new MessageJobs(messaging, events, session);
  return { messaging, handlers: messagingHandlers(messaging, jobs) };
}
