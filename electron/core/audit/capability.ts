import { AuditService, type OpenAuditLog } from './audit-service.js';
import { AuditTrail, type AuditInboxPort, type AuditTrailLog } from './audit-trail.js';
import { auditHandlers } from './handlers.js';

export interface AuditDeps {
  readonly log: AuditTrailLog;
  /** The vault, asked lazily (it is built after the trail, which everyone records to); undefined without one. */
  readonly vault: () => (OpenAuditLog & { readonly inbox: AuditInboxPort | undefined }) | undefined;
}

/** The trail every security event goes to, the audit service (query, verify, export), the audit.* handlers. */
export function createAudit({ log, vault }: AuditDeps) {
  const trail = new AuditTrail(log, () => vault()?.inbox);
  const service = new AuditService(vault);
  return { trail, service, handlers: auditHandlers(service) };
}
