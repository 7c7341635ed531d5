import type { TokenSummary } from '../../../shared/domain/token.js';
import type { AuditRecorder } from '../audit-recorder.js';
import type { EventBus } from '../event-bus.js';

/** Tokens plugged in and pulled out, by serial, as they appear in the polled list. */
export function auditTokenPresence(events: EventBus, audit: AuditRecorder): void {
  let present = new Set<string>();
  events.subscribe((name, payload) => {
    if (name !== 'tokens.changed') return;
    const now = new Set((payload as TokenSummary[]).map((token) => token.ref.serial));
    for (const serial of now) if (!present.has(serial)) audit.record('token.inserted', 'ok', { serial });
    for (const serial of present) if (!now.has(serial)) audit.record('token.removed', 'ok', { serial });
    present = now;
  });
}
