// The ESS structures (RFC 2634, RFC 5035) and Airlock's own attributes, declared with the schema
// library: the ESS ASN.1 module ships in no package here, and DER is never written by hand.
// The module uses IMPLICIT TAGS, hence `implicit: true` on every context tag. Fields are listed in
// each class in encoding order; the schema is attached by the calls at the end.
import { AsnArray, AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, GeneralName, GeneralNames } from '@peculiar/asn1-x509';

/** IssuerSerial (RFC 5035 §5.4): the issuer as GeneralNames (one directoryName) and the serial. */
export class IssuerSerial {
  issuer = new GeneralNames();
  serialNumber = new ArrayBuffer(0);
  constructor(params: Partial<IssuerSerial> = {}) {
    Object.assign(this, params);
  }
}

/** ESSCertIDv2; hashAlgorithm DEFAULT id-sha256 is left out when it is SHA-256 (DER). */
export class EssCertIdV2 {
  hashAlgorithm?: AlgorithmIdentifier;
  certHash = new OctetString();
  issuerSerial?: IssuerSerial;
  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}

export class EssCertIdV2s extends AsnArray<EssCertIdV2> {
  constructor(items?: EssCertIdV2[]) {
    super(items);
    Object.setPrototypeOf(this, EssCertIdV2s.prototype);
  }
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL } (policies unused). */
export class SigningCertificateV2 {
  certs = new EssCertIdV2s();
  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}

/** ESSCertID (RFC 2634 §5.4.1): SHA-1 of the certificate; RFC 3161 tokens name their signer with it (or v2, RFC 5816). */
export class EssCertId {
  certHash = new OctetString();
  issuerSerial?: IssuerSerial;
  constructor(params: Partial<EssCertId> = {}) {
    Object.assign(this, params);
  }
}

export class EssCertIds extends AsnArray<EssCertId> {
  constructor(items?: EssCertId[]) {
    super(items);
    Object.setPrototypeOf(this, EssCertIds.prototype);
  }
}

/** SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies … OPTIONAL } (policies unused). */
export class SigningCertificate {
  certs = new EssCertIds();
  constructor(params: Partial<SigningCertificate> = {}) {
    Object.assign(this, params);
  }
}

/** ESSPrivacyMark ::= CHOICE { pString PrintableString, utf8String UTF8String }. */
export class EssPrivacyMark {
  pString?: string;
  utf8String?: string;
  constructor(params: Partial<EssPrivacyMark> = {}) {
    Object.assign(this, params);
  }
}

/**
 * ESSSecurityLabel ::= SET { security-policy-identifier, security-classification OPTIONAL,
 * privacy-mark OPTIONAL, security-categories OPTIONAL }. A DER SET is ordered by tag, and the
 * schema library writes fields in declaration order: INTEGER (2), OID (6), then the mark (12/19).
 * Security categories are not used by Airlock and refused on reading.
 */
export class EssSecurityLabel {
  securityClassification?: number;
  securityPolicyIdentifier = '';
  privacyMark?: EssPrivacyMark;
  constructor(params: Partial<EssSecurityLabel> = {}) {
    Object.assign(this, params);
  }
}

export class GeneralNamesList extends AsnArray<GeneralNames> {
  constructor(items?: GeneralNames[]) {
    super(items);
    Object.setPrototypeOf(this, GeneralNamesList.prototype);
  }
}

/** ReceiptsFrom ::= CHOICE { allOrFirstTier [0] AllOrFirstTier, receiptList [1] SEQUENCE OF GeneralNames }. */
export class ReceiptsFrom {
  /** allReceipts (0) or firstTierRecipients (1). */
  allOrFirstTier?: number;
  receiptList?: GeneralNamesList;
  constructor(params: Partial<ReceiptsFrom> = {}) {
    Object.assign(this, params);
  }
}

/** ReceiptRequest ::= SEQUENCE { signedContentIdentifier, receiptsFrom, receiptsTo SEQUENCE OF GeneralNames }. */
export class ReceiptRequest {
  signedContentIdentifier = new OctetString();
  receiptsFrom = new ReceiptsFrom();
  receiptsTo = new GeneralNamesList();
  constructor(params: Partial<ReceiptRequest> = {}) {
    Object.assign(this, params);
  }
}

/** Receipt ::= SEQUENCE { version (1), contentType, signedContentIdentifier, originatorSignatureValue }. */
export class Receipt {
  version = 1;
  contentType = '';
  signedContentIdentifier = new OctetString();
  originatorSignatureValue = new OctetString();
  constructor(params: Partial<Receipt> = {}) {
    Object.assign(this, params);
  }
}

/**
 * Airlock's precedence attribute: a bare INTEGER (a one-alternative CHOICE encodes as its
 * alternative), numbered as the MMHS primary precedence of STANAG 4406 / RFC 6477:
 * routine 1, priority 2, immediate 3, flash 4.
 */
export class MessagePrecedence {
  value = 1;
  constructor(params: Partial<MessagePrecedence> = {}) {
    Object.assign(this, params);
  }
}

/** Airlock's expiry attribute: GeneralizedTime, after which the client refuses to show the message. */
export class MessageExpiry {
  value = new Date(0);
  constructor(params: Partial<MessageExpiry> = {}) {
    Object.assign(this, params);
  }
}

// The schema, applied as the library's decorators would be (the project compiles no decorators).
AsnProp({ type: GeneralNames })(IssuerSerial.prototype, 'issuer');
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })(IssuerSerial.prototype, 'serialNumber');
AsnProp({ type: AlgorithmIdentifier, optional: true })(EssCertIdV2.prototype, 'hashAlgorithm');
AsnProp({ type: OctetString })(EssCertIdV2.prototype, 'certHash');
AsnProp({ type: IssuerSerial, optional: true })(EssCertIdV2.prototype, 'issuerSerial');
AsnType({ type: AsnTypeTypes.Sequence, itemType: EssCertIdV2 })(EssCertIdV2s);
AsnProp({ type: EssCertIdV2s })(SigningCertificateV2.prototype, 'certs');
AsnProp({ type: OctetString })(EssCertId.prototype, 'certHash');
AsnProp({ type: IssuerSerial, optional: true })(EssCertId.prototype, 'issuerSerial');
AsnType({ type: AsnTypeTypes.Sequence, itemType: EssCertId })(EssCertIds);
AsnProp({ type: EssCertIds })(SigningCertificate.prototype, 'certs');
AsnType({ type: AsnTypeTypes.Choice })(EssPrivacyMark);
AsnProp({ type: AsnPropTypes.PrintableString })(EssPrivacyMark.prototype, 'pString');
AsnProp({ type: AsnPropTypes.Utf8String })(EssPrivacyMark.prototype, 'utf8String');
AsnType({ type: AsnTypeTypes.Set })(EssSecurityLabel);
AsnProp({ type: AsnPropTypes.Integer, optional: true })(EssSecurityLabel.prototype, 'securityClassification');
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(EssSecurityLabel.prototype, 'securityPolicyIdentifier');
AsnProp({ type: EssPrivacyMark, optional: true })(EssSecurityLabel.prototype, 'privacyMark');
AsnType({ type: AsnTypeTypes.Sequence, itemType: GeneralNames })(GeneralNamesList);
AsnType({ type: AsnTypeTypes.Choice })(ReceiptsFrom);
AsnProp({ type: AsnPropTypes.Integer, context: 0, implicit: true })(ReceiptsFrom.prototype, 'allOrFirstTier');
AsnProp({ type: GeneralNamesList, context: 1, implicit: true })(ReceiptsFrom.prototype, 'receiptList');
AsnProp({ type: OctetString })(ReceiptRequest.prototype, 'signedContentIdentifier');
AsnProp({ type: ReceiptsFrom })(ReceiptRequest.prototype, 'receiptsFrom');
AsnProp({ type: GeneralNamesList })(ReceiptRequest.prototype, 'receiptsTo');
AsnProp({ type: AsnPropTypes.Integer })(Receipt.prototype, 'version');
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(Receipt.prototype, 'contentType');
AsnProp({ type: OctetString })(Receipt.prototype, 'signedContentIdentifier');
AsnProp({ type: OctetString })(Receipt.prototype, 'originatorSignatureValue');
AsnType({ type: AsnTypeTypes.Choice })(MessagePrecedence);
AsnProp({ type: AsnPropTypes.Integer })(MessagePrecedence.prototype, 'value');
AsnType({ type: AsnTypeTypes.Choice })(MessageExpiry);
AsnProp({ type: AsnPropTypes.GeneralizedTime })(MessageExpiry.prototype, 'value');

/** A bare OBJECT IDENTIFIER value (the content-type attribute): a one-alternative CHOICE. */
export class ObjectIdentifierValue {
  value = '';
  constructor(params: Partial<ObjectIdentifierValue> = {}) {
    Object.assign(this, params);
  }
}
AsnType({ type: AsnTypeTypes.Choice })(ObjectIdentifierValue);
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(ObjectIdentifierValue.prototype, 'value');

/** A GeneralName holding a certificate's subject, for IssuerSerial and receiptsTo. */
export const directoryNameOf = (name: GeneralName['directoryName']): GeneralNames => new GeneralNames([new GeneralName({ directoryName: name })]);
