import { createHash } from 'node:crypto';
import { AsnArray, AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Time } from '@peculiar/asn1-x509';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { certificateStructure } from '../certificates/certificate-structure.js';
import { signAndCheck, type TokenSigner } from '../signing/token-signer.js';
import { SignedDataInfo } from './cms-content-info.js';
import { encodedAs } from './encoded-element.js';
import { directoryNameOf, EssCertIdV2, EssCertIdV2s, IssuerSerial, ObjectIdentifierValue, SigningCertificateV2 } from './ess-attributes.js';
import {
  ID_AA_SIGNING_CERTIFICATE_V2,
  ID_CONTENT_TYPE,
  ID_DATA,
  ID_ECDSA_WITH_SHA256,
  ID_MESSAGE_DIGEST,
  ID_MGF1,
  ID_RSASSA_PSS,
  ID_SHA256,
  ID_SIGNING_TIME,
} from './message-oids.js';

/** SignedAttributes as the signature sees them: a SET OF Attribute (tag 0x31), not the [0] of SignerInfo. */
export class AttributeSet extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

export const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();
export const der = (value: object): Uint8Array => new Uint8Array(AsnConvert.serialize(value));

/** Attributes made here by `attribute`: their one value is the library's DER of a value of ours. */
const ownAttributes = new WeakSet<Attribute>();
export const attribute = (type: string, value: object): Attribute => {
  const item = new Attribute({ attrType: type, attrValues: [AsnConvert.serialize(value)] });
  ownAttributes.add(item);
  return item;
};

/** A value whose DER is in hand (encodedAs): written as it is. */
class EncodedValue {
  readonly encoded = true;
}
/**
 * An Attribute as this side writes its own: the library's Attribute holds its values as ANY, and
 * writing ANY parses the value's DER back into a tree only to encode it again (~0.1 ms a value).
 */
class WrittenAttribute {
  attrType = '';
  attrValues: EncodedValue[] = [];
  constructor(params: Partial<WrittenAttribute> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(WrittenAttribute.prototype, 'attrType');
AsnProp({ type: EncodedValue, repeated: 'set' })(WrittenAttribute.prototype, 'attrValues');

/** One attribute's DER: our own (`attribute`) with its values placed as serialized, any other through the library. */
const encodedAttribute = (item: Attribute): Uint8Array =>
  ownAttributes.has(item) ? der(new WrittenAttribute({ attrType: item.attrType, attrValues: item.attrValues.map((value) => encodedAs(EncodedValue, new Uint8Array(value))) })) : der(item);

/**
 * DER order of a SET OF: by each element's encoding. Each attribute is encoded once, and that
 * encoding is what the set carries (not encoded again from its tree for the set, and again for the
 * SignerInfo).
 */
export const sortedAttributes = (attributes: readonly Attribute[]): Attribute[] => sortedEncodings(attributes.map((item) => der(item)));

/**
 * The same for the attributes a signer puts in: those made by `attribute` are written without
 * parsing their values back (the same bytes: encoded-element.test.ts), any other as above.
 */
export const sortedOwnAttributes = (attributes: readonly Attribute[]): Attribute[] => sortedEncodings(attributes.map(encodedAttribute));

const sortedEncodings = (encodings: Uint8Array[]): Attribute[] => encodings.sort((a, b) => Buffer.compare(a, b)).map((encoded) => encodedAs(Attribute, encoded));

const sha256Id = (): AlgorithmIdentifier => new AlgorithmIdentifier({ algorithm: ID_SHA256 });

/** What signing produced: the message (ContentInfo DER) and what a receipt for it must name. */
export interface SignedContent {
  readonly signedData: Uint8Array;
  readonly signature: Uint8Array;
  /** DER of the signed attributes as a SET: msgSigDigest is SHA-256 of these bytes. */
  readonly signedAttributes: Uint8Array;
}

/** A detached signature (documents/signing): only the content's SHA-256 is given; it travels apart from the SignedData. */
export interface DetachedContent {
  readonly detachedDigest: Uint8Array;
}

export interface SignRequest {
  readonly contentType: string;
  readonly content: Uint8Array | DetachedContent;
  readonly signer: TokenSigner;
  /** Issuing CAs to carry along, so a reader can build the path (the root is pinned, never sent). */
  readonly chain: readonly Uint8Array[];
  /** Besides content type, message digest, signing time and ESS signing-certificate-v2. */
  readonly attributes: readonly Attribute[];
  /** Undefined leaves the signing-time attribute out (PAdES: the time is the signature dictionary's M entry). */
  readonly signingTime: Date | undefined;
  /** Unsigned attributes that depend on the signature value (a document's RFC 3161 timestamp token); none when absent. */
  readonly unsignedAttributes?: (signature: Uint8Array) => Promise<readonly Attribute[]>;
}

/**
 * A SignedData (RFC 5652 §5) with one signer, made on the token: only the SHA-256 of the signed
 * attributes crosses to the token, and the signature is checked against the certificate before it
 * is used. The attributes are put in DER order (a SET OF sorts by encoding): a verifier that
 * re-encodes them, as OpenSSL does, must hash the very bytes that were signed.
 */
export async function signContent(request: SignRequest): Promise<SignedContent> {
  const certificate = certificateStructure(request.signer.certificateDer);
  const content = request.content instanceof Uint8Array ? request.content : undefined;
  const digest = content === undefined ? (request.content as DetachedContent).detachedDigest : sha256(content);
  const attributes = sortedOwnAttributes([
    attribute(ID_CONTENT_TYPE, new ObjectIdentifierValue({ value: request.contentType })),
    attribute(ID_MESSAGE_DIGEST, new OctetString(digest)),
    ...(request.signingTime === undefined ? [] : [attribute(ID_SIGNING_TIME, new Time({ utcTime: request.signingTime }))]),
    attribute(ID_AA_SIGNING_CERTIFICATE_V2, signingCertificateOf(request.signer.certificateDer, certificate)),
    ...request.attributes,
  ]);
  const signedAttributes = der(new AttributeSet(attributes));
  const signature = await signAndCheck(request.signer, signedAttributes);
  const unsignedAttrs = request.unsignedAttributes === undefined ? [] : await request.unsignedAttributes(signature);
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: issuerAndSerialOf(certificate) }),
    digestAlgorithm: sha256Id(),
    signedAttrs: attributes,
    signatureAlgorithm: signatureAlgorithmFor(request.signer.scheme),
    signature: new OctetString(signature),
    ...(unsignedAttrs.length === 0 ? {} : { unsignedAttrs: [...unsignedAttrs] }),
  });
  // Carried as issued, not re-encoded from a parse: the bytes ESS signing-certificate-v2 hashes. Each must still parse.
  const carried = [request.signer.certificateDer, ...request.chain];
  for (const item of carried) certificateStructure(item);
  const signedData = new SignedData({
    // RFC 5652 §5.1: version 3 when the content is not id-data (a receipt), else 1.
    version: request.contentType === ID_DATA ? CMSVersion.v1 : CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([sha256Id()]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: request.contentType, ...(content === undefined ? {} : { eContent: new EncapsulatedContent({ single: new OctetString(content) }) }) }),
    certificates: new CertificateSet(carried.map((item) => new CertificateChoices({ certificate: encodedAs(Certificate, item) }))),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return { signedData: der(new SignedDataInfo({ content: signedData })), signature, signedAttributes };
}

export function issuerAndSerialOf(certificate: Certificate): IssuerAndSerialNumber {
  return new IssuerAndSerialNumber({ issuer: certificate.tbsCertificate.issuer, serialNumber: certificate.tbsCertificate.serialNumber });
}

/** ESS signing-certificate-v2 (RFC 5035): binds the signature to this certificate, not merely to its key. */
function signingCertificateOf(certificateDer: Uint8Array, certificate: Certificate): SigningCertificateV2 {
  const issuerSerial = new IssuerSerial({ issuer: directoryNameOf(certificate.tbsCertificate.issuer), serialNumber: certificate.tbsCertificate.serialNumber });
  return new SigningCertificateV2({ certs: new EssCertIdV2s([new EssCertIdV2({ certHash: new OctetString(sha256(certificateDer)), issuerSerial })]) });
}

function signatureAlgorithmFor(scheme: TokenSigner['scheme']): AlgorithmIdentifier {
  if (scheme === 'ecdsaSha256') return new AlgorithmIdentifier({ algorithm: ID_ECDSA_WITH_SHA256 });
  const params = new RsaSaPssParams({ hashAlgorithm: sha256Id(), maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: ID_MGF1, parameters: AsnConvert.serialize(sha256Id()) }), saltLength: 32 });
  return new AlgorithmIdentifier({ algorithm: ID_RSASSA_PSS, parameters: AsnConvert.serialize(params) });
}
