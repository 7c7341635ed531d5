// The audit vocabulary as plain constants: no zod here, so the renderer can import these values
// without bundling the schema library (the schemas are in audit.ts).

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
  'zone.switchRequested',
  'zone.switchStep',
  'zone.switched',
  'zone.watchdog',
  'zone.contentRefused',
  'zone.declassified',
  'policy.loaded',
  'policy.refused',
  'document.encrypted',
  'document.opened',
  'document.exported',
  'document.leftoverRemoved',
  'message.sent',
  'message.read',
  'backup.created',
  'backup.restored',
  'backup.verified',
  'settings.changed',
  'crl.imported',
  'directory.imported',
  'directory.removed',
  'store.keyRotated',
  'audit.checkpoint',
  'audit.inboxDamaged',
  'audit.exported',
  /** The app page sent something that is not a call its bridge writes: a foreign script is running in it. */
  'renderer.callRefused',
] as const;
export const AUDIT_RESULTS = ['ok', 'failed', 'refused'] as const;

/** What the verifier can say about the first bad entry (docs/audit.md "Classification"). */
export const AUDIT_PROBLEMS = ['modified', 'deleted', 'inserted', 'reordered', 'badCheckpointSignature', 'unreadable'] as const;
