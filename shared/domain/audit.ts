import { z } from 'zod';
import { AUDIT_KINDS, AUDIT_PROBLEMS, AUDIT_RESULTS } from './audit-kinds.js';

export { AUDIT_KINDS, AUDIT_PROBLEMS, AUDIT_RESULTS };

export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

export const AuditResult = z.enum(AUDIT_RESULTS);

/** One entry as the Audit screen shows it: identifiers only, never content (docs/audit.md). */
export const AuditEntryView = z.strictObject({
  seq: z.number().int().positive(),
  kind: AuditKind,
  result: AuditResult,
  at: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditQuery = z.strictObject({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  kind: AuditKind.optional(),
  result: AuditResult.optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditVerdict = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    entries: z.number().int().nonnegative(),
    lastCheckpoint: z.number().int().positive().optional(),
    sinceCheckpoint: z.number().int().nonnegative(),
  }),
  z.strictObject({ ok: z.literal(false), firstBad: z.number().int(), problem: z.enum(AUDIT_PROBLEMS) }),
]);
export type AuditVerdict = z.infer<typeof AuditVerdict>;

export const AuditExportResult = z.strictObject({ path: z.string(), entries: z.number().int().nonnegative() });
