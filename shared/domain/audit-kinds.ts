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
  /** Signed, encrypted and queued in the sealed outbox (sent by the outbox sender, now or on reconnect). */
  'message.composed',
  /** A PDF (PAdES) or any file (.p7s) signed on the token (docs/signing.md). */
  'document.signed',
  /** A signed PDF or .p7s checked: ok when every signature holds, refused with the first problem otherwise. */
  'document.signatureVerified',
  'message.sent',
  'message.read',
  /** A sealed message, or its clear urgency rank, was altered on disk: refused, never shown. */
  'message.storeTampered',
  /** Receiving (message-receiver.ts): a message verified and stored as trusted. */
  'message.received',
  /** A message that failed a check (or could not be decrypted), stored quarantined with the reason, never shown as trusted. */
  'message.quarantined',
  /** A message labelled above the live zone's ceiling: not stored here, left on the server for a zone that may hold it. */
  'message.heldAbove',
  /** A signed receipt made on the token and queued, on the first opening of a message that asked for one. */
  'message.receiptSent',
  /** A signed receipt for one of our messages, verified against the message we kept: "read by … at …". */
  'message.receiptReceived',
  /** A receipt that does not verify, or names no message we sent: dropped, never shown. */
  'message.receiptRejected',
  /** An attachment of a trusted message downloaded into the inbox folder, its size and SHA-256 the signed ones. */
  'message.attachmentFetched',
  /** A downloaded attachment whose size or SHA-256 is not the signed one (replaced on the server): deleted, never opened. */
  'message.attachmentDamaged',
  /** The cipher officer's command made an official's messaging account and its hand-over (the CLI's log). */
  'messaging.credentialsIssued',
  /** An official's hand-over of messaging credentials was opened and sealed in the zone's store, or refused. */
  'messaging.credentialsImported',
  /** The live zone's messaging connection is up (after a lock, a switch or a server lost). */
  'messaging.connected',
  /** Closed (lock, zone left: ok) or lost (server gone: failed). */
  'messaging.disconnected',
  /** A backup run began: its `run` id and how many snapshots it will make (`count`); each made is a `backup.created` with that run. */
  'backup.started',
  'backup.created',
  'backup.restored',
  'backup.verified',
  /** The restore drill ran: ok when the backup matched its live folder, failed with the differences counted. */
  'backup.drilled',
  /** A backup, restore, check or init that failed or was refused (code says why; a target the zone may not use, a repository or key generation that is not the one remembered). */
  'backup.failed',
  /** A backup repository made (docs/backup-repository.md, "Keys"): its key holders. */
  'backup.initialised',
  'backup.holderAdded',
  'backup.holderRemoved',
  /** A new master-key generation for new data: a removed holder reads nothing written after it. */
  'backup.rekeyed',
  /** A new key generation this workstation now holds to: by its signed record, on first sight, or accepted by an officer (outcome). */
  'backup.keyGenerationAccepted',
  /** Snapshots removed by a retention policy (their data stays until prune). */
  'backup.forgotten',
  /** Packs no snapshot needs removed, partly used ones repacked. */
  'backup.pruned',
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

/**
 * Every detail key the core may record (electron/core: AuditTrail.record and AuditRecorder take
 * only these, so a new key does not compile until it is listed here) — and so every key the Audit
 * screen must name in words: the renderer's catalogs need `audit.detail.<key>` for each (the
 * compiler insists, tests/unit/audit-detail-terms.test.ts checks the words).
 */
export const AUDIT_DETAIL_KEYS = [
  // what the event was about
  'serial', 'target', 'from', 'to', 'zone', 'step', 'phase', 'reason', 'code', 'outcome', 'issuer', 'triesLeft', 'pinTries',
  'action', 'level', 'ceiling', 'toLevel', 'rule', 'record', 'problem', 'officer', 'signedBy', 'file', 'fileName', 'recipients', 'bytes',
  'chunk', 'count', 'calls', 'store', 'records', 'cancelled', 'setting', 'value', 'validUntil', 'reactionMs', 'inboxId',
  'entries', 'seq', 'via', 'occurredAt', 'recordedLate', 'role', 'generation',
  // document.encrypted: how many of the chosen recipients are not the sender's own certificate (the guided tour's check)
  'colleagues',
  // messages: the Message-ID (a random id, no content); a reply's inReplyTo, the Message-ID it answers (the guided tour's check)
  'messageId', 'inReplyTo',
  // messaging credentials: the official's messaging id and device
  'messagingUser', 'device',
  // backups: a run's random id, on its backup.started, backup.created and backup.failed (the guided tour's check)
  'run',
  // technical: identify things for an inspector, mean nothing to a reader (AUDIT_TECHNICAL_DETAILS)
  'digest', 'signature', 'signer', 'scheme', 'fingerprint', 'hash', 'certificate', 'detail', 'interface',
] as const;
export type AuditDetailKey = (typeof AUDIT_DETAIL_KEYS)[number];

/** Hashes, signatures, fingerprints, raw error text: shown folded under "Technical details". */
export const AUDIT_TECHNICAL_DETAILS = ['digest', 'signature', 'signer', 'scheme', 'fingerprint', 'hash', 'certificate', 'detail', 'interface', 'messageId', 'inReplyTo', 'run'] as const satisfies readonly AuditDetailKey[];

/**
 * Values the core writes from a closed vocabulary of its own (not error codes, steps, levels or
 * lock reasons, which have their catalog families already): each needs `audit.value.<key>.<value>`.
 */
export const AUDIT_DETAIL_VALUES = {
  from: ['none'],
  target: ['none'],
  zone: ['none'],
  phase: ['starting', 'used', 'signed'],
  // Steps outside the switch's own list (SWITCH_STEPS, named by zones.step.*).
  step: ['isolate', 'policy'],
  value: ['vi', 'en'],
  outcome: ['stored', 'olderIgnored', 'imported', 'duplicate', 'signedRecord', 'firstSight', 'acceptedByOfficer'],
  action: ['open', 'show', 'export', 'send', 'transfer', 'guardRestarted', 'cut', 'cutFailed', 'unlistedUp', 'activeLinkLost', 'guardStopped', 'backup', 'restore', 'verify', 'verifyData', 'init', 'forget', 'keyAdd', 'keyRemove', 'rekey', 'drill', 'keyAccept'],
  store: ['settings'],
  via: ['cli'],
  setting: ['language', 'backupFolders', 'backupTargetFolder', 'backupRetention', 'backupSchedule'],
  rule: ['allowed', 'declassificationRecord', 'forbidden'],
  record: ['doesNotMatch', 'malformed', 'badSignature', 'officerInvalid', 'officerNotAuthorised'],
  problem: ['malformed', 'badSignature', 'officerInvalid', 'officerNotAuthorised', 'unsigned', 'signerNotTrusted', 'signerNotHolder', 'notFollowing'],
  role: ['user', 'recovery', 'added'],
} as const satisfies Partial<Record<AuditDetailKey, readonly string[]>>;
export type AuditDetailValueKey = { [K in keyof typeof AUDIT_DETAIL_VALUES]: `${K}.${(typeof AUDIT_DETAIL_VALUES)[K][number]}` }[keyof typeof AUDIT_DETAIL_VALUES];
