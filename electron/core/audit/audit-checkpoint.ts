import { z } from 'zod';
import type { AuditDetails } from './audit-entry.js';
import { TOKEN_SIGNATURE_SCHEMES, fingerprintOf, signAndCheck, signatureValid, type TokenSigner } from '../signing/token-signer.js';

/**
 * A checkpoint is an 'audit.checkpoint' entry whose details carry a token signature over the
 * chain head before it: proof, tied to a person's certificate, that the chain up to `seq` existed
 * with that hash. It adds what the HMAC chain cannot give: someone holding the data key but not
 * the token cannot rewrite the chain behind a checkpoint and re-sign it.
 */
export const CheckpointDetails = z.strictObject({
  /** The attested entry: the last one before the checkpoint was signed (0 for an empty log). */
  seq: z.number().int().nonnegative(),
  /** Its entry_hash, lower-case hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1),
  scheme: z.enum(TOKEN_SIGNATURE_SCHEMES),
  /** SHA-256 fingerprint of the signing certificate; the DER is in audit_certificates. */
  certificate: z.string().regex(/^[0-9a-f]{64}$/),
});
export type CheckpointDetails = z.infer<typeof CheckpointDetails>;

/** The fixed text a checkpoint signs (its SHA-256 goes to the token); the certificate is bound in. */
export function checkpointText(seq: number, entryHashHex: string, fingerprint: string): Uint8Array {
  return Buffer.from(`airlock-audit-checkpoint-v1|${seq}|${entryHashHex}|${fingerprint}`, 'utf8');
}

export async function signCheckpoint(head: { seq: number; entryHash: Uint8Array }, signer: TokenSigner): Promise<CheckpointDetails> {
  const hash = Buffer.from(head.entryHash).toString('hex');
  const certificate = fingerprintOf(signer.certificateDer);
  const signature = await signAndCheck(signer, checkpointText(head.seq, hash, certificate));
  return { seq: head.seq, hash, signature: Buffer.from(signature).toString('base64'), scheme: signer.scheme, certificate };
}

export interface CheckpointLookups {
  /** entry_hash of an entry the verifier has already accepted (seq < the checkpoint's). */
  hashAt(seq: number): Uint8Array | undefined;
  certificate(fingerprint: string): Uint8Array | undefined;
}

/** The attested hash is still in the chain, the certificate is the one named, the signature holds. */
export function checkpointValid(checkpointSeq: number, details: AuditDetails, lookups: CheckpointLookups): boolean {
  const parsed = CheckpointDetails.safeParse(details);
  if (!parsed.success || parsed.data.seq >= checkpointSeq) return false;
  const { seq, hash, signature, scheme, certificate } = parsed.data;
  const attested = lookups.hashAt(seq);
  if (attested === undefined || Buffer.from(attested).toString('hex') !== hash) return false;
  const der = lookups.certificate(certificate);
  if (der === undefined || fingerprintOf(der) !== certificate) return false;
  return signatureValid(scheme, der, checkpointText(seq, hash, certificate), Buffer.from(signature, 'base64'));
}
