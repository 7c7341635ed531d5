import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import type { Certificate} from '@peculiar/asn1-x509';
import { AlgorithmIdentifier, Time } from '@peculiar/asn1-x509';
import type { SignedData, SignerInfo } from '@peculiar/asn1-cms';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { encodedCertificate } from '../certificates/certificate-structure.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import type { CertificateInfo, CertificateInvalidReason } from '../certificates/types.js';
import type { SignerTrust } from '../documents/container-reader.js';
import { signatureValid, type TokenSignatureScheme } from '../signing/token-signer.js';
import { AttributeSet, der, issuerAndSerialOf, sha256, sortedAttributes } from './cms-signed-data.js';
import { ObjectIdentifierValue, SigningCertificateV2 } from './ess-attributes.js';
import { contentOfInfo, SignedDataInfo } from './cms-content-info.js';
import { MessageError, parsed } from './message-error.js';
import { ID_AA_SIGNING_CERTIFICATE_V2, ID_CONTENT_TYPE, ID_ECDSA_WITH_SHA256, ID_MESSAGE_DIGEST, ID_MGF1, ID_RSASSA_PSS, ID_SHA256, ID_SIGNED_DATA, ID_SIGNING_TIME } from './message-oids.js';

export type { SignerTrust } from '../documents/container-reader.js';

/** A SignedData whose signature, signer binding and chain have all been checked. */
export interface VerifiedSignedData {
  readonly contentType: string;
  readonly content: Uint8Array;
  readonly signer: CertificateInfo;
  readonly signerCertificate: Uint8Array;
  readonly signature: Uint8Array;
  /** The signed attributes as signed (a DER SET): what a receipt's msgSigDigest hashes. */
  readonly signedAttributes: Uint8Array;
  readonly signingTime: Date | undefined;
  /** Each signed attribute's single value (DER), by OID; an attribute given twice is refused. */
  readonly attributes: ReadonlyMap<string, Uint8Array>;
  /** The unsigned attributes' values (DER), by OID, as received: nothing above vouches for them (a timestamp token is checked on its own). */
  readonly unsignedAttributes: ReadonlyMap<string, readonly Uint8Array[]>;
}

/**
 * Verifies a ContentInfo holding a SignedData with exactly one signer (RFC 5652 §5.6), in this
 * order: form, algorithms (SHA-256 with RSA-PSS or ECDSA P-256 only), content type and message
 * digest, the signature, the ESS signing-certificate-v2 binding when present, then the signer's
 * chain to the pinned roots with CRLs, now. `detached`: the SHA-256 of content carried apart
 * (a .p7s beside its file, a PDF's signed byte ranges); the SignedData must then hold none.
 * `chainTrust`: the trust the chain is judged with, once the signature holds, from its value and
 * unsigned attributes (a document signature's timestamp moves "now" to its time); default `trust`.
 */
export async function verifySignedData(
  given: Uint8Array | ParsedSignedData,
  trust: SignerTrust,
  detached?: { readonly digest: Uint8Array },
  chainTrust?: (signature: Uint8Array, unsignedAttributes: ReadonlyMap<string, readonly Uint8Array[]>) => Promise<SignerTrust>,
): Promise<VerifiedSignedData> {
  const { signedData } = given instanceof ParsedSignedData ? given : ParsedSignedData.parse(given);
  const [signerInfo, ...others] = signedData.signerInfos;
  if (signerInfo === undefined || others.length > 0) throw new MessageError('malformed', { reason: 'one signer expected' });
  const contentType = signedData.encapContentInfo.eContentType;
  // Detached (documents/signing): no content inside, and the caller hashed the content it holds.
  const content = detached === undefined ? contentOf(signedData) : new Uint8Array(0);
  if (detached !== undefined && signedData.encapContentInfo.eContent !== undefined) throw new MessageError('malformed', { reason: 'content inside a detached signature' });
  const attributes = attributeMap(signerInfo);
  const signedAttributes = signedAttributesOf(signerInfo);
  const scheme = schemeOf(signerInfo);

  const certificates = (signedData.certificates ?? []).flatMap((choice) => (choice.certificate === undefined ? [] : [choice.certificate]));
  const signerCertificate = certificates.find((candidate) => matchesSid(candidate, signerInfo));
  if (signerCertificate === undefined) throw new MessageError('signerMissing');
  const signerDer = encodedCertificate(signerCertificate);

  const declaredType = parsed('content-type attribute', () => AsnConvert.parse(required(attributes, ID_CONTENT_TYPE), ObjectIdentifierValue).value);
  if (declaredType !== contentType) throw new MessageError('tampered', { reason: 'content type' });
  const digest = parsed('message-digest attribute', () => AsnConvert.parse(required(attributes, ID_MESSAGE_DIGEST), OctetString));
  if (!Buffer.from(digest.buffer).equals(detached === undefined ? sha256(content) : Buffer.from(detached.digest))) throw new MessageError('tampered', { reason: 'message digest' });
  if (!signatureValid(scheme, signerDer, signedAttributes, new Uint8Array(signerInfo.signature.buffer))) throw new MessageError('tampered', { reason: 'signature' });
  checkSigningCertificate(attributes.get(ID_AA_SIGNING_CERTIFICATE_V2), signerDer);

  const signature = new Uint8Array(signerInfo.signature.buffer);
  const unsignedAttributes = unsignedAttributeMap(signerInfo);
  const judge = chainTrust === undefined ? trust : await chainTrust(signature, unsignedAttributes);
  const validation = await validateCertificate(signerDer, {
    anchors: judge.anchors,
    intermediates: [...certificates.filter((item) => item !== signerCertificate).map(encodedCertificate), ...judge.intermediates],
    crls: judge.crls,
    at: judge.now(),
    purpose: 'signature',
  });
  if (validation.status !== 'valid') throw signerProblem(validation.reason);
  const time = attributes.get(ID_SIGNING_TIME);
  return {
    contentType,
    content,
    signer: certificateInfo(signerDer),
    signerCertificate: signerDer,
    signature,
    signedAttributes,
    signingTime: time === undefined ? undefined : parsed('signing-time attribute', () => AsnConvert.parse(time, Time).getTime()),
    attributes,
    unsignedAttributes,
  };
}

/**
 * A ContentInfo's SignedData parsed once, strictly (`malformed` otherwise), with the bytes it came
 * from: a receiver that must read the claimed label before verifying (no read up) hands the same
 * parse to the verifier instead of parsing ~3.5 KB of ASN.1 twice (~1 ms each).
 */
export class ParsedSignedData {
  private constructor(
    readonly bytes: Uint8Array,
    readonly signedData: SignedData,
  ) {}

  static parse(bytes: Uint8Array): ParsedSignedData {
    return new ParsedSignedData(bytes, contentOfInfo('SignedData', bytes, ID_SIGNED_DATA, SignedDataInfo));
  }
}

/** The reasons users tell apart; every other chain failure is "invalid", with the reason. */
function signerProblem(reason: CertificateInvalidReason): MessageError {
  if (reason === 'chainUnknownRoot') return new MessageError('unknownSigner', { reason });
  if (reason === 'expired' || reason === 'notYetValid') return new MessageError('signerExpired', { reason });
  if (reason === 'revoked') return new MessageError('signerRevoked', { reason });
  return new MessageError('signerInvalid', { reason });
}

export function required(attributes: ReadonlyMap<string, Uint8Array>, type: string): Uint8Array {
  const value = attributes.get(type);
  if (value === undefined) throw new MessageError('attributeMissing', { reason: type });
  return value;
}

function contentOf(signedData: SignedData): Uint8Array {
  const eContent = signedData.encapContentInfo.eContent;
  if (eContent === undefined) throw new MessageError('malformed', { reason: 'detached content' });
  if (eContent.single !== undefined) return new Uint8Array(eContent.single.buffer);
  // A BER constructed OCTET STRING (a streaming writer's): its pieces, in order.
  if (eContent.any !== undefined) return parsed('content', () => new Uint8Array(AsnConvert.parse(eContent.any ?? new ArrayBuffer(0), OctetString).buffer));
  throw new MessageError('malformed', { reason: 'content' });
}

function attributeMap(signerInfo: SignerInfo): Map<string, Uint8Array> {
  const map = new Map<string, Uint8Array>();
  for (const item of signerInfo.signedAttrs ?? []) {
    const [value, ...more] = item.attrValues;
    // RFC 5652 §5.3: each of these attributes has one value and appears once; a second could say otherwise unsigned-looking things.
    if (value === undefined || more.length > 0 || map.has(item.attrType)) throw new MessageError('malformed', { reason: `attribute ${item.attrType}` });
    map.set(item.attrType, new Uint8Array(value));
  }
  return map;
}

/** An unsigned attribute may appear more than once (a signature stamped by two authorities): every value is kept. */
function unsignedAttributeMap(signerInfo: SignerInfo): Map<string, Uint8Array[]> {
  const map = new Map<string, Uint8Array[]>();
  for (const item of signerInfo.unsignedAttrs ?? []) map.set(item.attrType, [...(map.get(item.attrType) ?? []), ...item.attrValues.map((value) => new Uint8Array(value))]);
  return map;
}

/**
 * The signature covers the DER of the attributes as a SET OF (RFC 5652 §5.4), so they are encoded
 * again, sorted, as OpenSSL does when it verifies: each value keeps its received bytes.
 */
function signedAttributesOf(signerInfo: SignerInfo): Uint8Array {
  if (signerInfo.signedAttrs === undefined || signerInfo.signedAttrs.length === 0) throw new MessageError('malformed', { reason: 'no signed attributes' });
  return der(new AttributeSet(sortedAttributes(signerInfo.signedAttrs)));
}

function schemeOf(signerInfo: SignerInfo): TokenSignatureScheme {
  if (signerInfo.digestAlgorithm.algorithm !== ID_SHA256) throw new MessageError('algorithmUnsupported', { reason: signerInfo.digestAlgorithm.algorithm });
  const algorithm = signerInfo.signatureAlgorithm;
  if (algorithm.algorithm === ID_ECDSA_WITH_SHA256) return 'ecdsaSha256';
  if (algorithm.algorithm === ID_RSASSA_PSS && algorithm.parameters !== undefined && algorithm.parameters !== null) {
    const params = parsed('RSA-PSS parameters', () => AsnConvert.parse(algorithm.parameters ?? new ArrayBuffer(0), RsaSaPssParams));
    const mgfHash = params.maskGenAlgorithm.algorithm === ID_MGF1 && params.maskGenAlgorithm.parameters ? AsnConvert.parse(params.maskGenAlgorithm.parameters, AlgorithmIdentifier) : undefined;
    if (params.hashAlgorithm.algorithm === ID_SHA256 && mgfHash?.algorithm === ID_SHA256 && params.saltLength === 32 && params.trailerField === 1) return 'rsaPssSha256';
  }
  throw new MessageError('algorithmUnsupported', { reason: algorithm.algorithm });
}

function matchesSid(certificate: Certificate, signerInfo: SignerInfo): boolean {
  const wanted = signerInfo.sid.issuerAndSerialNumber;
  if (wanted === undefined) return false; // Airlock and OpenSSL both name the signer by issuer and serial
  return Buffer.from(der(wanted)).equals(der(issuerAndSerialOf(certificate)));
}

/** When present (always, in Airlock's messages), the first ESSCertIDv2 must be the signer's certificate. */
function checkSigningCertificate(value: Uint8Array | undefined, signerDer: Uint8Array): void {
  if (value === undefined) return;
  const first = parsed('signing-certificate-v2 attribute', () => AsnConvert.parse(value, SigningCertificateV2)).certs[0];
  if (first === undefined || (first.hashAlgorithm !== undefined && first.hashAlgorithm.algorithm !== ID_SHA256)) throw new MessageError('signerMismatch');
  if (!Buffer.from(first.certHash.buffer).equals(sha256(signerDer))) throw new MessageError('signerMismatch');
}
