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
 * MERGE SLOTS (issue #15): each line is filled when its part lands on main —
 *   credentials:       (zone) => new SealedCredentialsStore(zone.store)          (officer)
 *   importCredentials: (zone) => <officer's importer over zone.store, tokens, trust>  (officer)
 *   reading:           (zone) => <recv's reading side over zone.store, zone.ceiling>  (recv)
 *   receiver:          (zone) => <recv's receive pipeline: receiveBatch(inbox)>       (recv)
 *   writing:           (zone) => <send's composer + sent view + verifyReceipt>        (send)
 *   outbox:            (zone) => <send's outbox sender: flush(inbox)>                 (send)
 *   attachments:       (zone, connection) => <attach's AttachmentTransfer, by record id> (attach)
 * Until then a missing part answers `ipc.unavailable`, and without credentials the status says
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
