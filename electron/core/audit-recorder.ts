import type { AUDIT_KINDS, AUDIT_RESULTS } from '../../shared/domain/audit.js';
import type { AuditDetailKey } from '../../shared/domain/audit-kinds.js';

/**
 * Where a capability reports a security event. The audit trail (audit/audit-trail.ts) implements
 * it; capabilities below audit/ in electron/core/layers.ts (token, certificates) audit through this
 * port, so no lower folder imports audit/.
 */
export interface AuditRecorder {
  record(kind: (typeof AUDIT_KINDS)[number], result: (typeof AUDIT_RESULTS)[number], details?: Readonly<Partial<Record<AuditDetailKey, string | number | boolean>>>): void;
}
