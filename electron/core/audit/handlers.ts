import type { HandlersOf } from '../ipc/handlers-of.js';
import type { AuditService } from './audit-service.js';

export function auditHandlers(service: AuditService): HandlersOf<'audit'> {
  return {
    query: (filter) => service.query(filter),
    verify: () => service.verify(),
    export: (range) => service.export(range),
  };
}
