// ContentInfo (RFC 5652 §3) with its [0] content typed, declared with the schema library. The
// library's own ContentInfo holds the content as ANY: writing one parses the content's DER back
// into a tree only to encode it again, and reading one means a second parse of the same bytes to
// get at the content. With the content typed, the tree is encoded once and parsed once.
import { fromBER } from 'asn1js';
import { AsnParser, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AuthEnvelopedData } from './cms-envelope-schema.js';
import { MessageError, parsed } from './message-error.js';
import { ID_CT_AUTH_ENVELOPED_DATA, ID_SIGNED_DATA } from './message-oids.js';

export class SignedDataInfo {
  contentType = ID_SIGNED_DATA;
  content = new SignedData();
  constructor(params: Partial<SignedDataInfo> = {}) {
    Object.assign(this, params);
  }
}

export class AuthEnvelopedDataInfo {
  contentType = ID_CT_AUTH_ENVELOPED_DATA;
  content = new AuthEnvelopedData();
  constructor(params: Partial<AuthEnvelopedDataInfo> = {}) {
    Object.assign(this, params);
  }
}

AsnProp({ type: AsnPropTypes.ObjectIdentifier })(SignedDataInfo.prototype, 'contentType');
AsnProp({ type: SignedData, context: 0 })(SignedDataInfo.prototype, 'content');
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(AuthEnvelopedDataInfo.prototype, 'contentType');
AsnProp({ type: AuthEnvelopedData, context: 0 })(AuthEnvelopedDataInfo.prototype, 'content');

/**
 * The content of a ContentInfo that must be exactly `input` (no trailing bytes) and of `contentType`:
 * one BER parse. Anything else is `malformed`, naming `what`, or the content type found.
 */
export function contentOfInfo<T>(what: string, input: Uint8Array, contentType: string, typed: new () => { contentType: string; content: T }): T {
  return parsed(what, () => {
    const tree = fromBER(input);
    if (tree.offset !== input.byteLength) throw new MessageError('malformed', { reason: `${what}: not one value` });
    let info: { contentType: string; content: T };
    try {
      info = AsnParser.fromASN(tree.result, typed);
    } catch (error) {
      // Say which content it was when the ContentInfo itself reads: another type is not a broken one.
      const other = AsnParser.fromASN(tree.result, ContentInfo).contentType;
      if (other !== contentType) throw new MessageError('malformed', { reason: `content type ${other}` });
      throw error;
    }
    if (info.contentType !== contentType) throw new MessageError('malformed', { reason: `content type ${info.contentType}` });
    return info.content;
  });
}
