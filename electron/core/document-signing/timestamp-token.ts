// An RFC 3161 timestamp token on a signature (PAdES B-T / CAdES-T, docs/signing.md "Timestamps"):
// a SignedData whose TSTInfo stamps the SHA-256 of the signature value. Read and checked with pkijs'
// TSP classes; the authority's certificate goes through the same path validation as a signer's.
import { createHash } from 'node:crypto';
import { fromBER } from 'asn1js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as X509Certificate } from '@peculiar/asn1-x509';
import { Certificate, ContentInfo, ExtKeyUsage, SignedData, TSTInfo } from 'pkijs';
import { validateCertificate } from '../certificates/chain-validator.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import type { RevocationReason, RevocationSource } from '../certificates/revocation.js';
import type { SignerTrust } from '../documents/container-reader.js';
import type { EssCertId, EssCertIdV2} from '../messaging/ess-attributes.js';
import { SigningCertificate, SigningCertificateV2 } from '../messaging/ess-attributes.js';
import { ID_AA_SIGNING_CERTIFICATE_V2, ID_SHA256 } from '../messaging/message-oids.js';
import { SignatureError } from './signature-error.js';
import type { TimestampAuthorityNote, TimestampCheck } from './signing-options.js';

/** id-aa-signatureTimeStampToken (RFC 3161 appendix A): the unsigned attribute holding the token. */
export const ID_AA_SIGNATURE_TIME_STAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
const ID_CT_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const ID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const ID_CE_EXT_KEY_USAGE = '2.5.29.37';
/** id-aa-signingCertificate (RFC 2634): ESSCertID with SHA-1, what RFC 3161 §2.4.1 asks a token to carry. */
const ID_AA_SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
/**
 * The SHA-2 hashes accepted in ESSCertIDv2 (RFC 5816 allows any; these are the ones seen in practice)
 * and in a token's message imprint (docs/signing.md "Imprint hash"): Airlock asks with SHA-256, and
 * reads SHA-384 and SHA-512 tokens other tools made; SHA-1, MD5 and anything else are refused.
 */
const SHA2_HASHES: Readonly<Record<string, string>> = { [ID_SHA256]: 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };
/**
 * RFC 3161 §4 item 1: a TSA certificate revoked with one of these reasons (the key not compromised)
 * leaves the tokens it made before the revocation time valid. Any other reason — keyCompromise,
 * cACompromise, none given at all — makes every token of that key untrustworthy, whatever its genTime:
 * a stolen key can write any time it likes.
 */
const KEY_INTACT_REASONS: ReadonlySet<RevocationReason> = new Set(['unspecified', 'affiliationChanged', 'superseded', 'cessationOfOperation']);

export const imprintOf = (signatureValue: Uint8Array): Buffer => createHash('sha256').update(signatureValue).digest();

export interface TimestampToken {
  readonly signedData: SignedData;
  readonly tstInfo: TSTInfo;
}

/** The token's SignedData and TSTInfo; `timestampInvalid` when it is not one. */
export function readTimestampToken(tokenDer: Uint8Array): TimestampToken {
  try {
    const asn = fromBER(tokenDer);
    if (asn.offset !== tokenDer.byteLength) throw new Error('trailing bytes');
    const info = new ContentInfo({ schema: asn.result });
    if (info.contentType !== ContentInfo.SIGNED_DATA) throw new Error('not a SignedData');
    const signedData = new SignedData({ schema: info.content });
    const encapsulated = signedData.encapContentInfo;
    if (encapsulated.eContentType !== ID_CT_TST_INFO || encapsulated.eContent === undefined) throw new Error('not a TSTInfo');
    const tstInfo = new TSTInfo({ schema: fromBER(encapsulated.eContent.getValue()).result });
    return { signedData, tstInfo };
  } catch (error) {
    throw new SignatureError('timestampInvalid', { reason: error instanceof Error ? error.message : 'unreadable' });
  }
}

/**
 * The whole check of a token over `signatureValue`, in this order: readable; its imprint is SHA-256,
 * -384 or -512 (`timestampHashUnsupported`) of this signature value (`timestampMismatch`); its own signature holds (`timestampInvalid`); its
 * ESS signing-certificate(-v2) names the certificate that signature holds under
 * (`timestampCertificateMismatch`); the authority's certificate is a TSA's (`timestampAuthorityNotTsa`)
 * and chains to the pinned roots (`timestampUntrusted`), valid at genTime (`timestampAuthorityExpired`)
 * and not revoked so as to void the token (`timestampAuthorityRevoked`) — see checkAuthority.
 * Never throws: the verifier reports what it found.
 */
export async function checkTimestampToken(tokenDer: Uint8Array, signatureValue: Uint8Array, trust: SignerTrust): Promise<TimestampCheck> {
  let token: TimestampToken;
  try {
    token = readTimestampToken(tokenDer);
  } catch (error) {
    return { time: undefined, authority: undefined, valid: false, matches: false, problem: 'timestampInvalid', reason: error instanceof SignatureError ? error.detail.reason : undefined };
  }
  const time = token.tstInfo.genTime.toISOString();
  const imprint = token.tstInfo.messageImprint;
  const imprintHash = SHA2_HASHES[imprint.hashAlgorithm.algorithmId];
  const matches = imprintHash !== undefined && Buffer.from(imprint.hashedMessage.valueBlock.valueHexView).equals(createHash(imprintHash).update(signatureValue).digest());
  let authority: string | undefined;
  try {
    const certificate = await verifiedSigner(token.signedData, signatureValue);
    const certificateDer = new Uint8Array(certificate.toSchema().toBER());
    const subject = certificateInfo(certificateDer).subject;
    authority = subject.commonName ?? subject.display;
    checkEssBinding(token.signedData, certificateDer);
    const note = await checkAuthority(certificate, certificateDer, token.signedData, trust, token.tstInfo.genTime);
    if (imprintHash === undefined) throw new SignatureError('timestampHashUnsupported', { reason: imprint.hashAlgorithm.algorithmId });
    if (!matches) throw new SignatureError('timestampMismatch', { reason: 'imprint' });
    return { time, authority, valid: true, matches, ...(note === undefined ? {} : { authorityNote: note }) };
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    // A mismatch (or an imprint hash not accepted) is what a user most needs told: it outranks the other findings on a token that also fails them.
    const problem = imprintHash === undefined ? 'timestampHashUnsupported' : matches ? error.problem : 'timestampMismatch';
    return { time, authority, valid: false, matches, problem, ...(error.detail.reason === undefined ? {} : { reason: error.detail.reason }) };
  }
}

/** The token's signature (over its signed attributes and the TSTInfo) by the certificate it names; pkijs compares the imprint with `stamped` too. */
async function verifiedSigner(signedData: SignedData, stamped: Uint8Array): Promise<Certificate> {
  let result;
  try {
    result = await signedData.verify({ signer: 0, data: stamped.slice().buffer, checkChain: false, extendedMode: true });
  } catch (error) {
    const reason = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : 'signature';
    throw new SignatureError('timestampInvalid', { reason });
  }
  if (result.signatureVerified !== true || result.signerCertificate === undefined || result.signerCertificate === null) throw new SignatureError('timestampInvalid', { reason: result.message || 'signature' });
  return result.signerCertificate;
}

/**
 * RFC 3161 §2.4.1 / RFC 5816: the token's signed attributes name the authority's certificate (its
 * hash, and issuer and serial when given). The SignerInfo's own pointer to its certificate is not
 * signed: without this binding, a certificate for the same key with another name, purpose or
 * validity could be put in its place and the token would still verify.
 */
function checkEssBinding(signedData: SignedData, certificateDer: Uint8Array): void {
  const attributes = signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const valueOf = (type: string): Uint8Array | undefined => {
    const value = attributes.find((attribute) => attribute.type === type)?.values[0];
    return value === undefined ? undefined : new Uint8Array(value.toBER());
  };
  const v2 = valueOf(ID_AA_SIGNING_CERTIFICATE_V2);
  const v1 = valueOf(ID_AA_SIGNING_CERTIFICATE);
  let first: EssCertIdV2 | EssCertId | undefined;
  let hash: string | undefined;
  try {
    if (v2 !== undefined) {
      const named = AsnConvert.parse(v2, SigningCertificateV2).certs[0];
      first = named;
      hash = SHA2_HASHES[named?.hashAlgorithm?.algorithm ?? ID_SHA256];
    } else if (v1 !== undefined) {
      first = AsnConvert.parse(v1, SigningCertificate).certs[0];
      hash = 'sha1';
    }
  } catch {
    throw new SignatureError('timestampInvalid', { reason: 'signing-certificate attribute' });
  }
  if (first === undefined) throw new SignatureError('timestampCertificateMismatch', { reason: 'no signing-certificate attribute' });
  if (hash === undefined) throw new SignatureError('timestampCertificateMismatch', { reason: 'hash algorithm' });
  if (!Buffer.from(first.certHash.buffer).equals(createHash(hash).update(certificateDer).digest())) throw new SignatureError('timestampCertificateMismatch', { reason: 'certificate hash' });
  if (first.issuerSerial === undefined) return;
  const tbs = AsnConvert.parse(certificateDer, X509Certificate).tbsCertificate;
  const issuers = first.issuerSerial.issuer.map((name) => (name.directoryName === undefined ? undefined : Buffer.from(AsnConvert.serialize(name.directoryName))));
  const sameIssuer = issuers.some((name) => name?.equals(Buffer.from(AsnConvert.serialize(tbs.issuer))) === true);
  if (!sameIssuer || !Buffer.from(first.issuerSerial.serialNumber).equals(Buffer.from(tbs.serialNumber))) throw new SignatureError('timestampCertificateMismatch', { reason: 'issuer and serial' });
}

/**
 * The authority's certificate, judged as of the token's genTime (docs/signing.md "The authority's
 * certificate"): RFC 3161 §2.3's extended key usage (critical, timeStamping and nothing else); the
 * path to a pinned root, with the token's certificates and the configured intermediates, every
 * certificate on it within its validity at genTime; revocation from the cached CRLs, where a
 * listing dated after genTime with a reason that leaves the key intact (KEY_INTACT_REASONS) does
 * not void the token. Expiry or such a revocation since genTime is returned as a note for the report.
 */
async function checkAuthority(certificate: Certificate, certificateDer: Uint8Array, signedData: SignedData, trust: SignerTrust, genTime: Date): Promise<TimestampAuthorityNote | undefined> {
  const extension = certificate.extensions?.find((item) => item.extnID === ID_CE_EXT_KEY_USAGE);
  const purposes = extension?.parsedValue instanceof ExtKeyUsage ? extension.parsedValue.keyPurposes : [];
  if (!purposes.includes(ID_KP_TIME_STAMPING)) throw new SignatureError('timestampAuthorityNotTsa', { reason: 'no timeStamping purpose' });
  if (purposes.length !== 1) throw new SignatureError('timestampAuthorityNotTsa', { reason: 'purposes besides timeStamping' });
  if (extension?.critical !== true) throw new SignatureError('timestampAuthorityNotTsa', { reason: 'extended key usage not critical' });
  let revokedSince: string | undefined;
  let revokedDetail: string | undefined;
  const crls: RevocationSource = {
    // The CRL must be current now (the latest word on the key), whatever genTime; its listing's date is what is compared with genTime.
    status: async (item, issuer, at) => {
      const status = await trust.crls.status(item, issuer, trust.now());
      if (status.status !== 'revoked') return status;
      const after = Date.parse(status.revokedAt) > at.getTime();
      if (after && status.reason !== undefined && KEY_INTACT_REASONS.has(status.reason)) {
        revokedSince = revokedSince === undefined || status.revokedAt < revokedSince ? status.revokedAt : revokedSince;
        return { status: 'good' };
      }
      revokedDetail ??= `${after ? 'after' : 'before'} the timestamp, ${status.revokedAt}, ${status.reason ?? 'no reason given'}`;
      return status;
    },
  };
  const others = (signedData.certificates ?? []).flatMap((item) => (item instanceof Certificate && item !== certificate ? [new Uint8Array(item.toSchema().toBER())] : []));
  const validation = await validateCertificate(certificateDer, { anchors: trust.anchors, intermediates: [...others, ...trust.intermediates], crls, at: genTime, purpose: 'signature' });
  if (validation.status !== 'valid') {
    if (validation.reason === 'expired' || validation.reason === 'notYetValid') throw new SignatureError('timestampAuthorityExpired', { reason: `${validation.reason} at the timestamp` });
    if (validation.reason === 'revoked') throw new SignatureError('timestampAuthorityRevoked', { reason: revokedDetail ?? 'revoked' });
    throw new SignatureError('timestampUntrusted', { reason: validation.reason });
  }
  const notAfter = certificate.notAfter.value;
  const expiredSince = notAfter.getTime() < trust.now().getTime() ? notAfter.toISOString() : undefined;
  if (expiredSince === undefined && revokedSince === undefined) return undefined;
  return { ...(expiredSince === undefined ? {} : { expiredSince }), ...(revokedSince === undefined ? {} : { revokedSince }) };
}
