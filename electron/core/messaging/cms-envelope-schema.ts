// AuthEnvelopedData (RFC 5083), its AES-GCM parameters (RFC 5084) and ECC-CMS-SharedInfo
// (RFC 5753), which @peculiar/asn1-cms does not declare: declared here with the schema library.
import { AsnArray, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { Attribute, EncryptedContentInfo, RecipientInfos } from '@peculiar/asn1-cms';

export class GcmParameters {
  nonce = new OctetString();
  /** aes-ICVlen DEFAULT 12; Airlock writes 16 and accepts only 16 (what OpenSSL writes too). */
  icvLength = 12;
  constructor(params: Partial<GcmParameters> = {}) {
    Object.assign(this, params);
  }
}

export class AuthAttributes extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, AuthAttributes.prototype);
  }
}

/** AuthEnvelopedData ::= SEQUENCE { version 0, originatorInfo [0] OPT, recipientInfos, authEncryptedContentInfo, authAttrs [1] OPT, mac, unauthAttrs [2] OPT }. */
export class AuthEnvelopedData {
  version = 0;
  recipientInfos = new RecipientInfos();
  authEncryptedContentInfo = new EncryptedContentInfo();
  authAttrs?: AuthAttributes;
  mac = new OctetString();
  unauthAttrs?: AuthAttributes;
  constructor(params: Partial<AuthEnvelopedData> = {}) {
    Object.assign(this, params);
  }
}

/** ECC-CMS-SharedInfo ::= SEQUENCE { keyInfo, entityUInfo [0] EXPLICIT OPT, suppPubInfo [2] EXPLICIT OCTET STRING }. */
export class EccCmsSharedInfo {
  keyInfo = new AlgorithmIdentifier();
  entityUInfo?: OctetString;
  suppPubInfo = new OctetString();
  constructor(params: Partial<EccCmsSharedInfo> = {}) {
    Object.assign(this, params);
  }
}

// The schema, applied as the library's decorators would be (the project compiles no decorators).
AsnProp({ type: OctetString })(GcmParameters.prototype, 'nonce');
AsnProp({ type: AsnPropTypes.Integer, defaultValue: 12 })(GcmParameters.prototype, 'icvLength');
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AuthAttributes);
AsnProp({ type: AsnPropTypes.Integer })(AuthEnvelopedData.prototype, 'version');
AsnProp({ type: RecipientInfos })(AuthEnvelopedData.prototype, 'recipientInfos');
AsnProp({ type: EncryptedContentInfo })(AuthEnvelopedData.prototype, 'authEncryptedContentInfo');
AsnProp({ type: AuthAttributes, context: 1, implicit: true, optional: true })(AuthEnvelopedData.prototype, 'authAttrs');
AsnProp({ type: OctetString })(AuthEnvelopedData.prototype, 'mac');
AsnProp({ type: AuthAttributes, context: 2, implicit: true, optional: true })(AuthEnvelopedData.prototype, 'unauthAttrs');
AsnProp({ type: AlgorithmIdentifier })(EccCmsSharedInfo.prototype, 'keyInfo');
AsnProp({ type: OctetString, context: 0, optional: true })(EccCmsSharedInfo.prototype, 'entityUInfo');
AsnProp({ type: OctetString, context: 2 })(EccCmsSharedInfo.prototype, 'suppPubInfo');
