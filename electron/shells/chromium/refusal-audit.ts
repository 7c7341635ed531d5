import type { AuditTrail } from '../../core/audit/audit-trail.js';

/**
 * Audits malformed calls from the app page (only a foreign script can send them: the init script
 * writes well-formed ones), at most once a minute with the count since the last entry, so a
 * script flooding the bridge cannot flood the sealed log too.
 */
export function malformedCallAudit(audit: Pick<AuditTrail, 'record'>, windowMs = 60_000, now: () => number = Date.now): () => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let count = 0;
  return () => {
    count++;
    const at = now();
    if (at - lastAt < windowMs) return;
    audit.record('renderer.callRefused', 'refused', { calls: count });
    lastAt = at;
    count = 0;
  };
}
