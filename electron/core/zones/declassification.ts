import { z } from 'zod';
import { nameAndOrganisation } from '../../../shared/domain/person-name.js';
import { Classification } from '../../../shared/domain/classification.js';
import { ZoneId } from '../../../shared/domain/zone.js';
import { signAndCheck, signatureValid, type TokenSigner } from '../signing/token-signer.js';
import { canonicalJson } from '../signing/canonical-json.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { hasExtendedKeyUsage } from '../certificates/extended-key-usage.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';

/**
 * Extended key usage of an officer authorised to declassify (UUID arc, like the policy-signing
 * one): a valid certificate alone proves who signed a record, this proves they may.
 */
export const DECLASSIFICATION_EKU = '2.25.324842619826572167326482119169248527678';

export const DECLASSIFICATION_FORMAT = 'airlock-declassification/1';

/** What the officer decides: this content (by digest), from this zone and level, to that zone and level. */
export const DeclassificationDecision = z.strictObject({
  contentDigest: z.string().regex(/^[0-9a-f]{64}$/),
  fromZone: ZoneId,
  toZone: ZoneId,
  fromLevel: Classification,
  toLevel: Classification,
  reason: z.string().trim().min(3).max(500),
  at: z.iso.datetime(),
});
export type DeclassificationDecision = z.infer<typeof DeclassificationDecision>;

export const DeclassificationRecord = DeclassificationDecision.extend({
  format: z.literal(DECLASSIFICATION_FORMAT),
  /** The officer's certificate, DER base64; its key made the signature. */
  officer: z.base64(),
  scheme: z.enum(['rsaPssSha256', 'ecdsaSha256']),
  signature: z.base64(),
});
export type DeclassificationRecord = z.infer<typeof DeclassificationRecord>;

export type DeclassificationProblem = 'malformed' | 'badSignature' | 'officerInvalid' | 'officerNotAuthorised';

/** The signed bytes: every field but the signature, canonical JSON, so the officer and scheme are bound in. */
function signedBytes(record: Omit<DeclassificationRecord, 'signature'>): Uint8Array {
  return new TextEncoder().encode(canonicalJson(record));
}

/** Signed on the officer's token (the signer), checked against the certificate at once. */
export async function signDeclassification(signer: TokenSigner, decision: DeclassificationDecision): Promise<DeclassificationRecord> {
  const unsigned = { ...DeclassificationDecision.parse(decision), format: DECLASSIFICATION_FORMAT, officer: Buffer.from(signer.certificateDer).toString('base64'), scheme: signer.scheme } as const;
  const signature = await signAndCheck(signer, signedBytes(unsigned));
  return { ...unsigned, signature: Buffer.from(signature).toString('base64') };
}

export interface DeclassificationTrust {
  readonly anchors: TrustAnchors;
  readonly intermediates: readonly (string | Uint8Array)[];
  readonly crls: RevocationSource;
  readonly now: () => Date;
}

/** A record is good when it parses, its signature verifies, and the officer is valid now and authorised. */
export async function verifyDeclassification(input: unknown, trust: DeclassificationTrust): Promise<{ ok: true; record: DeclassificationRecord; officer: string } | { ok: false; problem: DeclassificationProblem }> {
  const parsed = DeclassificationRecord.safeParse(input);
  if (!parsed.success) return { ok: false, problem: 'malformed' };
  const record = parsed.data;
  const { signature, ...unsigned } = record;
  const officerDer = Buffer.from(record.officer, 'base64');
  if (!signatureValid(record.scheme, officerDer, signedBytes(unsigned), Buffer.from(signature, 'base64'))) return { ok: false, problem: 'badSignature' };
  const validation = await validateCertificate(officerDer, { anchors: trust.anchors, intermediates: trust.intermediates, crls: trust.crls, at: trust.now(), purpose: 'signature' });
  if (validation.status !== 'valid') return { ok: false, problem: 'officerInvalid' };
  if (!hasExtendedKeyUsage(officerDer, DECLASSIFICATION_EKU)) return { ok: false, problem: 'officerNotAuthorised' };
  return { ok: true, record, officer: nameAndOrganisation(certificateInfo(officerDer).subject) };
}
