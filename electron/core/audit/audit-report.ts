import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AuditEventSchema } from './audit-entry.js';
import { TOKEN_SIGNATURE_SCHEMES, describeSigner, signAndCheck, signatureValid, type TokenSigner, type SignerSummary } from '../signing/token-signer.js';
import { ChainHead, VerifyResult } from './audit-verdict.js';
import { canonicalJson } from '../signing/canonical-json.js';

export const REPORT_FORMAT = 'airlock-audit-report-v1';

const Hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const Base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/)
  .refine((text) => Buffer.from(text, 'base64').toString('base64') === text, 'canonical base64');
const Instant = z.iso.datetime();

const Linked = { seq: z.number().int().positive(), at: z.string(), prevHash: Hex32, entryHash: Hex32 };
/** An entry the exporting app could not open is listed as such, never silently left out. */
export const ReportEntry = z.union([AuditEventSchema.extend(Linked).strict(), z.strictObject({ ...Linked, unreadable: z.literal(true) })]);
export type ReportEntry = z.infer<typeof ReportEntry>;

/**
 * A self-contained, signed extract an inspector checks offline (docs: README "Report").
 * `range` is half-open: from ≤ at < to. `chainHead` is the whole log's last entry when exported,
 * `verification` what the app's verifier said about the whole chain at that moment. The signature
 * covers the canonical JSON (RFC 8785) of every other member, scheme and certificate included.
 */
export const AuditReport = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  range: z.strictObject({ from: Instant, to: Instant }),
  generatedAt: Instant,
  entries: z.array(ReportEntry),
  chainHead: ChainHead,
  verification: VerifyResult,
  scheme: z.enum(TOKEN_SIGNATURE_SCHEMES),
  certificateDer: Base64,
  signature: Base64,
});
export type AuditReport = z.infer<typeof AuditReport>;
export type ReportContent = Pick<AuditReport, 'range' | 'generatedAt' | 'entries' | 'chainHead' | 'verification'>;

export type ReportCheck =
  | { ok: true; report: AuditReport; signer: SignerSummary }
  | { ok: false; reason: 'malformed' | 'badSignature' | 'inconsistent'; detail: string };

function signedBytes(report: Omit<AuditReport, 'signature'>): Buffer {
  return Buffer.from(canonicalJson(report), 'utf8');
}

export async function signReport(content: ReportContent, signer: TokenSigner): Promise<AuditReport> {
  const unsigned = { format: REPORT_FORMAT, ...content, scheme: signer.scheme, certificateDer: Buffer.from(signer.certificateDer).toString('base64') } as const;
  const signature = await signAndCheck(signer, signedBytes(unsigned));
  return { ...unsigned, signature: Buffer.from(signature).toString('base64') };
}

/** SHA-256 of the whole signed report: recorded in the log's 'audit.exported' entry. */
export function reportDigest(report: AuditReport): string {
  return createHash('sha256').update(canonicalJson(report), 'utf8').digest('hex');
}

/**
 * Checks a report with nothing but the report: shape, signature, and that its entries are in
 * order, inside the range and linked wherever seqs are consecutive. Pure; no key needed.
 * It does NOT say whose certificate it is: the caller shows `signer` and checks it is the
 * official's (pinned fingerprint or chain validation against the national root).
 */
export function verifyReport(input: unknown): ReportCheck {
  const parsed = AuditReport.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed', detail: parsed.error.issues[0]?.path.join('.') ?? 'report' };
  const report = parsed.data;
  const { signature, ...unsigned } = report;
  const certificateDer = Buffer.from(report.certificateDer, 'base64');
  if (!signatureValid(report.scheme, certificateDer, signedBytes(unsigned), Buffer.from(signature, 'base64'))) {
    return { ok: false, reason: 'badSignature', detail: 'the signature does not verify with the embedded certificate' };
  }
  const inconsistency = findInconsistency(report);
  if (inconsistency !== undefined) return { ok: false, reason: 'inconsistent', detail: inconsistency };
  let signer: SignerSummary;
  try {
    signer = describeSigner(certificateDer);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'certificateDer' };
  }
  return { ok: true, report, signer };
}

function findInconsistency(report: AuditReport): string | undefined {
  // Compared as instants: "…00Z" and "…00.000Z" are the same time but do not sort as text.
  const [from, to] = [Date.parse(report.range.from), Date.parse(report.range.to)];
  let previous: ReportEntry | undefined;
  for (const entry of report.entries) {
    const at = Date.parse(entry.at);
    if (!(from <= at && at < to)) return `entry ${entry.seq} is outside the range`;
    if (previous !== undefined && entry.seq <= previous.seq) return `entry ${entry.seq} is out of order`;
    if (previous !== undefined && entry.seq === previous.seq + 1 && entry.prevHash !== previous.entryHash) return `entry ${entry.seq} does not link to entry ${previous.seq}`;
    if (entry.seq > report.chainHead.seq) return `entry ${entry.seq} is beyond the chain head`;
    if (entry.seq === report.chainHead.seq && entry.entryHash !== report.chainHead.entryHash) return `entry ${entry.seq} differs from the chain head`;
    previous = entry;
  }
  return undefined;
}
