import { z } from 'zod';

/**
 * What the verifier can say about the first bad entry. The seq is always exact; the label is the
 * most likely cause given the evidence, and where the evidence is ambiguous (a forged last row
 * looks like a modified one) the label is a best guess. See README "Classification".
 */
import { AUDIT_PROBLEMS } from '../../../shared/domain/audit.js';

export { AUDIT_PROBLEMS };
export type AuditProblem = (typeof AUDIT_PROBLEMS)[number];

export const ChainHead = z.strictObject({
  seq: z.number().int().nonnegative(),
  entryHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ChainHead = z.infer<typeof ChainHead>;

export const VerifyResult = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    entries: z.number().int().nonnegative(),
    head: ChainHead,
    /** Seq of the last checkpoint entry, whose signature verified. */
    lastCheckpoint: z.number().int().positive().optional(),
    /** Entries after it (all of them when there is none): what a truncation could remove unseen by a signature. */
    sinceCheckpoint: z.number().int().nonnegative(),
  }),
  z.strictObject({
    ok: z.literal(false),
    /** For `deleted`, the first missing seq. */
    firstBad: z.number().int(),
    problem: z.enum(AUDIT_PROBLEMS),
  }),
]);
export type VerifyResult = z.infer<typeof VerifyResult>;
export type VerifyFailure = Extract<VerifyResult, { ok: false }>;
