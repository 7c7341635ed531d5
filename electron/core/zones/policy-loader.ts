import { readFile } from 'node:fs/promises';
import { nameAndOrganisation } from '../../../shared/domain/person-name.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { hasExtendedKeyUsage } from '../certificates/extended-key-usage.js';
import { parseCertificates, type ParsedCertificate } from '../certificates/parsed-certificate.js';
import type { RevocationSource } from '../certificates/revocation.js';
import { createSignatureVerifier, type SignatureScheme } from '../certificates/signature-verifier.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';
import type { PolicyRefusal } from '../../../shared/domain/zone-vocabulary.js';
import { ZonePolicy } from './policy-schema.js';

/**
 * Extended key usage an administrator's certificate must carry to sign zone policy: a chain to
 * the pinned root proves who signed, this proves they may. An OID under the UUID arc (2.25, ITU-T
 * X.667), so it needs no registration and cannot collide.
 */
export const POLICY_SIGNING_EKU = '2.25.161006268604683367450552057315265048865';

/** The three files an administrator deploys side by side (docs/zones.md "Signing a policy"). */
export function policyFiles(policyPath: string): { policy: string; signature: string; chain: string } {
  return { policy: policyPath, signature: `${policyPath}.sig`, chain: `${policyPath}.chain.pem` };
}

export interface PolicyTrust {
  readonly anchors: TrustAnchors;
  readonly intermediates: readonly (string | Uint8Array)[];
  readonly crls: RevocationSource;
  readonly now: () => Date;
  /** The highest serial accepted before on this workstation: an older policy is a rollback. */
  readonly minimumSerial?: number;
}

export interface LoadedPolicy {
  readonly ok: true;
  readonly policy: ZonePolicy;
  readonly signer: string;
  readonly signerFingerprint: string;
}
export interface RefusedPolicy {
  readonly ok: false;
  readonly reason: PolicyRefusal;
  /** For the audit log and the main log: which file, which certificate; never shown raw to users. */
  readonly detail: string;
}
export type PolicyLoad = LoadedPolicy | RefusedPolicy;

const MAX_POLICY_BYTES = 1024 * 1024;

const refuse = (reason: PolicyRefusal, detail: string): RefusedPolicy => ({ ok: false, reason, detail });

/**
 * Reads and checks a zone policy: the signature over the exact bytes of the JSON file first, the
 * signer's chain and authorisation next, and only then the content. Nothing is parsed as policy
 * before its signature verified, so a tampered file is "badSignature", never "malformed".
 */
export async function loadZonePolicy(policyPath: string, trust: PolicyTrust): Promise<PolicyLoad> {
  const files = policyFiles(policyPath);
  const bytes = await readOptional(files.policy);
  if (bytes === undefined) return refuse('missing', files.policy);
  if (bytes.length > MAX_POLICY_BYTES) return refuse('malformed', `${files.policy} is larger than ${MAX_POLICY_BYTES} bytes`);
  const [signature, chainPem] = await Promise.all([readOptional(files.signature), readOptional(files.chain)]);
  if (signature === undefined || chainPem === undefined) return refuse('unsigned', signature === undefined ? files.signature : files.chain);

  let chain: ParsedCertificate[];
  try {
    chain = parseCertificates(chainPem.toString('utf8'));
  } catch {
    return refuse('unsigned', `${files.chain} holds no readable certificate`);
  }
  const [signer, ...carried] = chain;
  if (signer === undefined) return refuse('unsigned', files.chain);
  if (!signatureOk(signer, bytes, signature)) return refuse('badSignature', `signature by ${signer.fingerprint}`);

  const now = trust.now();
  const validation = await validateCertificate(signer, { anchors: trust.anchors, intermediates: [...carried.map((item) => item.der), ...trust.intermediates], crls: trust.crls, at: now, purpose: 'signature' });
  // No current CRL for the chain is the officer's next task (import one), not a bad signer: said apart.
  if (validation.status !== 'valid' && validation.reason === 'revocationUnknown') return refuse('crlNeeded', `revocation unknown (${validation.certificate})`);
  if (validation.status !== 'valid') return refuse('signerInvalid', `${validation.reason} (${validation.certificate})`);
  const info = certificateInfo(signer);
  if (!hasExtendedKeyUsage(signer.der, POLICY_SIGNING_EKU)) return refuse('signerNotAuthorised', `${info.subject.display} lacks the policy-signing key usage`);

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refuse('malformed', `${files.policy} is not UTF-8 JSON`);
  }
  const parsed = ZonePolicy.safeParse(json);
  if (!parsed.success) return refuse('malformed', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ').slice(0, 500));
  const policy = parsed.data;
  if (Date.parse(policy.issuedAt) > now.getTime()) return refuse('notYetValid', policy.issuedAt);
  if (Date.parse(policy.validUntil) <= now.getTime()) return refuse('expired', policy.validUntil);
  if (trust.minimumSerial !== undefined && policy.serial < trust.minimumSerial) return refuse('rolledBack', `serial ${policy.serial} < ${trust.minimumSerial}`);
  return { ok: true, policy, signer: nameAndOrganisation(info.subject), signerFingerprint: info.fingerprint };
}

/** ECDSA P-256 for an EC key, RSA-PSS (SHA-256, 32-byte salt) for RSA: the schemes Circular 15/2025 names. */
function signatureOk(signer: ParsedCertificate, bytes: Uint8Array, signature: Uint8Array): boolean {
  const scheme: SignatureScheme = certificateInfo(signer).keyAlgorithm.kind === 'ec' ? 'ecdsaSha256' : 'rsaPssSha256';
  try {
    const verifier = createSignatureVerifier(scheme, signer.der);
    verifier.update(bytes);
    return verifier.verify(signature);
  } catch {
    return false; // a weak or unsuitable key signs nothing we accept
  }
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
