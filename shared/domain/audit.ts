import { z } from 'zod';

/**
 * The security events Airlock records. A closed list: an event the auditor has never heard of
 * cannot be written, and a sealed entry naming an unknown kind fails to parse (and so to verify).
 */
export const AUDIT_KINDS = [
  'session.unlock',
  'session.lock',
  'token.pinWrong',
  'token.inserted',
  'token.removed',
  'token.pinChanged',
  'zone.switchStep',
  'policy.loaded',
  'policy.refused',
  'document.encrypted',
  'document.opened',
  'message.sent',
  'message.read',
  'backup.created',
  'backup.restored',
  'backup.verified',
  'settings.changed',
  'audit.checkpoint',
  'audit.exported',
] as const;
export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

export const AUDIT_RESULTS = ['ok', 'failed', 'refused'] as const;
export const AuditResult = z.enum(AUDIT_RESULTS);

/** What the verifier can say about the first bad entry (docs/audit.md "Classification"). */
export const AUDIT_PROBLEMS = ['modified', 'deleted', 'inserted', 'reordered', 'badCheckpointSignature', 'unreadable'] as const;

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
