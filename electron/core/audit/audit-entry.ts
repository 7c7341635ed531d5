import { z } from 'zod';

// The closed lists live with the IPC contract (shared/domain/audit.ts): one list for both sides.
import { AUDIT_KINDS, AUDIT_RESULTS } from '../../../shared/domain/audit.js';
import type { AuditDetailKey } from '../../../shared/domain/audit-kinds.js';

export { AUDIT_KINDS, AUDIT_RESULTS };

export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Written only by the log itself (checkpoint(), exportReport()), never through append(). */
export const RESERVED_KINDS: readonly AuditKind[] = ['audit.checkpoint', 'audit.exported'];

export type AuditResult = (typeof AUDIT_RESULTS)[number];

export type AuditDetailValue = string | number | boolean;
export type AuditDetails = Readonly<Record<string, AuditDetailValue>>;
/**
 * What a capability may record: only keys of the shared list (AUDIT_DETAIL_KEYS), each of which
 * the Audit screen names in words. Stored entries stay AuditDetails (older logs, any key).
 */
export type RecordedDetails = Readonly<Partial<Record<AuditDetailKey, AuditDetailValue>>>;

/**
 * One recorded event. `at` is stamped by the log from its clock, never by the caller, so an
 * entry cannot be backdated through the API.
 *
 * Details IDENTIFY things (document ID, certificate fingerprint, zone name, step, counts, error
 * code); they never hold a PIN, a password, a key or any plaintext a user wrote or read. The
 * key-name deny-list below catches mistakes, not malice: a PIN under an innocent key name would
 * pass, so reviewers check every append() call.
 */
export interface AuditEvent {
  readonly kind: AuditKind;
  readonly result: AuditResult;
  readonly at: string;
  readonly details: AuditDetails;
}

/** What a caller hands to append(): everything but the time. */
export interface AuditInput {
  readonly kind: AuditKind;
  readonly result: AuditResult;
  readonly details?: AuditDetails;
}

/** An event as stored: with its place in the chain. */
export interface AuditRecord extends AuditEvent {
  readonly seq: number;
}

/** A programming error in the caller (bad kind, forbidden detail); never shown to the user. */
export class AuditEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditEventError';
  }
}

const MAX_DETAILS = 32;
const MAX_VALUE_LENGTH = 1024;
const KEY_SHAPE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Anywhere in the key (case-insensitive, separators ignored): secrets and content. */
const DENIED_FRAGMENTS = ['password', 'passwd', 'passphrase', 'plaintext', 'cleartext', 'secret', 'privatekey', 'content'];
/** As a whole word of a camelCase or snake_case key: `pin`, `userPin`, `pin_code`; not `spinner`. */
const DENIED_WORDS = new Set(['pin', 'puk', 'body', 'text']);

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .map((word) => word.toLowerCase());
}

/** Refuses detail keys that name a secret or content, and values too big to be an identifier. */
export function checkDetails(details: AuditDetails): void {
  const entries = Object.entries(details);
  if (entries.length > MAX_DETAILS) throw new AuditEventError(`at most ${MAX_DETAILS} details`);
  for (const [key, value] of entries) {
    if (!KEY_SHAPE.test(key)) throw new AuditEventError(`detail key "${key}" is not a plain identifier`);
    const folded = key.toLowerCase().replace(/_/g, '');
    if (DENIED_FRAGMENTS.some((fragment) => folded.includes(fragment)) || words(key).some((word) => DENIED_WORDS.has(word))) {
      throw new AuditEventError(`detail key "${key}" may hold a secret or content; the audit log never records those`);
    }
    if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH) throw new AuditEventError(`detail "${key}" is longer than ${MAX_VALUE_LENGTH} characters`);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new AuditEventError(`detail "${key}" is not a finite number`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new AuditEventError(`detail "${key}" must be a string, number or boolean`);
  }
}

/** Checks an input and stamps it with the log's time. */
export function stampEvent(input: AuditInput, at: Date): AuditEvent {
  if (!(AUDIT_KINDS as readonly string[]).includes(input.kind)) throw new AuditEventError(`unknown audit kind "${input.kind}"`);
  if (!(AUDIT_RESULTS as readonly string[]).includes(input.result)) throw new AuditEventError(`unknown audit result "${input.result}"`);
  const details = { ...(input.details ?? {}) };
  checkDetails(details);
  return { kind: input.kind, result: input.result, at: at.toISOString(), details };
}

const DetailValue = z.union([z.string().max(MAX_VALUE_LENGTH), z.number().finite(), z.boolean()]);

/** The sealed JSON of an entry, and the event part of a report entry. */
export const AuditEventSchema = z.strictObject({
  kind: z.enum(AUDIT_KINDS),
  result: z.enum(AUDIT_RESULTS),
  at: z.string(),
  details: z.record(z.string().regex(KEY_SHAPE), DetailValue),
});

/** Parses a decrypted entry; undefined when it is not a well-formed event. */
export function parseEvent(json: string): AuditEvent | undefined {
  try {
    const parsed = AuditEventSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
