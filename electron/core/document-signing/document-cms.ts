// The CMS SignedData of a document signature (docs/signing.md): detached, made on the token with
// the same building blocks as a message (messaging/cms-signed-data.ts), checked by the same verifier.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { validateCertificate } from '../certificates/chain-validator.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { SignerTrust } from '../documents/container-reader.js';
import { Attribute } from '@peculiar/asn1-cms';
import { signContent } from '../messaging/cms-signed-data.js';
import { verifySignedData } from '../messaging/cms-signed-data-verifier.js';
import { ID_DATA } from '../messaging/message-oids.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { asSignatureError, SignatureError } from './signature-error.js';
import type { DocumentSignOptions, TimestampCheck } from './signing-options.js';
import { requestTimestamp } from './timestamp-authority.js';
import { checkTimestampToken, ID_AA_SIGNATURE_TIME_STAMP_TOKEN } from './timestamp-token.js';

/** SHA-256 of a file read in 1 MiB pieces: a 100 MB file is never held in memory. */
export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024, ...(signal === undefined ? {} : { signal }) })) hash.update(chunk as Buffer);
  return hash.digest();
}

export interface DocumentSignRequest {
  readonly signer: TokenSigner;
  /** Issuing CAs to embed (the root is pinned by every reader, so it is not sent). */
  readonly chain: readonly Uint8Array[];
  readonly trust: SignerTrust;
}

/**
 * Refuses to sign with a certificate that is not valid now (revoked per the cached CRLs, expired,
 * not from a pinned root): a signature every reader would reject is not made, and the token is not asked.
 */
export async function checkOwnCertificate(request: DocumentSignRequest): Promise<void> {
  const validation = await validateCertificate(request.signer.certificateDer, {
    anchors: request.trust.anchors,
    intermediates: [...request.chain, ...request.trust.intermediates],
    crls: request.trust.crls,
    at: request.trust.now(),
    purpose: 'signature',
  });
  if (validation.status === 'valid') return;
  const reason = validation.reason;
  const problem = reason === 'revoked' ? 'signerRevoked' : reason === 'expired' || reason === 'notYetValid' ? 'signerExpired' : reason === 'chainUnknownRoot' ? 'unknownSigner' : 'signerInvalid';
  throw new SignatureError(problem, { reason });
}

/**
 * A detached SignedData over content whose SHA-256 is `digest`: content type id-data, message
 * digest, signing-certificate-v2 and, when `signingTime` is given, signing time (CAdES B-B; a
 * PAdES signature leaves it out and puts the time in the dictionary's M entry). With a timestamp
 * authority, its checked token over the signature value as the unsigned attribute
 * id-aa-signatureTimeStampToken (B-T); an authority that fails makes no signature at all.
 */
export async function signDetached(request: DocumentSignRequest & Pick<DocumentSignOptions, 'timestamp'>, digest: Uint8Array, signingTime: Date | undefined): Promise<Uint8Array> {
  const authority = request.timestamp;
  const signed = await signContent({
    contentType: ID_DATA,
    content: { detachedDigest: digest },
    signer: request.signer,
    chain: request.chain,
    attributes: [],
    signingTime,
    ...(authority === undefined ? {} : { unsignedAttributes: async (signature: Uint8Array) => [timestampAttribute(await requestTimestamp(authority, signature, request.trust))] }),
  });
  return signed.signedData;
}

/** The token's DER as the attribute's one value, as received: its signature covers these bytes. */
const timestampAttribute = (token: Uint8Array): Attribute => new Attribute({ attrType: ID_AA_SIGNATURE_TIME_STAMP_TOKEN, attrValues: [token.slice().buffer] });

/** A signature that checked out: who, when (the signed attribute, if any), with what. */
export interface VerifiedSignature {
  readonly signer: { readonly subject: string; readonly commonName: string | undefined; readonly organization: string | undefined; readonly fingerprint: string };
  readonly signingTime: string | undefined;
  /** The RFC 3161 timestamp on the signature value (B-T / CAdES-T), when one is attached. */
  readonly timestamp?: TimestampCheck;
  /** When the signer's certificate was judged (validity, revocation): a valid timestamp's time, else now. */
  readonly checkedAt: { readonly time: string; readonly basis: 'timestamp' | 'now' };
}

/**
 * The trust as of a valid timestamp's time: the signature existed then, so the signer's certificate
 * is judged then — within its validity, and not revoked at or before that time (a revocation dated
 * after it leaves the signature standing; ETSI EN 319 102-1's proof of existence). The cached CRLs
 * answer as before; only a listing dated after the time no longer counts.
 */
function asOf(trust: SignerTrust, at: Date): SignerTrust {
  const crls: RevocationSource = {
    status: async (certificate, issuer, when) => {
      const status = await trust.crls.status(certificate, issuer, when);
      return status.status === 'revoked' && Date.parse(status.revokedAt) > when.getTime() ? { status: 'good' } : status;
    },
  };
  return { ...trust, crls, now: () => at };
}

/** Checks a detached SignedData against the SHA-256 of what it claims to sign; throws SignatureError. */
export async function verifyDetached(signedData: Uint8Array, digest: Uint8Array, trust: SignerTrust): Promise<VerifiedSignature> {
  let timestamp: TimestampCheck | undefined;
  let checkedAt: VerifiedSignature['checkedAt'] | undefined;
  try {
    const verified = await verifySignedData(signedData, trust, { digest }, async (signature, unsigned) => {
      // Several tokens (several authorities) are allowed by RFC 3161; the first is the one reported and relied on.
      const token = unsigned.get(ID_AA_SIGNATURE_TIME_STAMP_TOKEN)?.[0];
      timestamp = token === undefined ? undefined : await checkTimestampToken(token, signature, trust);
      const stamped = timestamp?.valid === true && timestamp.time !== undefined ? new Date(timestamp.time) : undefined;
      checkedAt = stamped === undefined ? { time: trust.now().toISOString(), basis: 'now' } : { time: stamped.toISOString(), basis: 'timestamp' };
      return stamped === undefined ? trust : asOf(trust, stamped);
    });
    const info = certificateInfo(verified.signerCertificate);
    return {
      signer: { subject: info.subject.display, commonName: info.subject.commonName, organization: info.subject.organization, fingerprint: info.fingerprint },
      signingTime: verified.signingTime?.toISOString(),
      ...(timestamp === undefined ? {} : { timestamp }),
      checkedAt: checkedAt ?? { time: trust.now().toISOString(), basis: 'now' },
    };
  } catch (error) {
    throw asSignatureError(error);
  }
}
