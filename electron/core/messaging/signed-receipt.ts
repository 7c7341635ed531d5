import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Attribute } from '@peculiar/asn1-cms';
import type { CertificateInfo } from '../certificates/types.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { attribute, der, sha256, signContent } from './cms-signed-data.js';
import { required, verifySignedData, type SignerTrust, type VerifiedSignedData } from './cms-signed-data-verifier.js';
import { Receipt } from './ess-attributes.js';
import { receiptRequestOf } from './message-attributes.js';
import { MessageError, parsed, parsedWhole } from './message-error.js';
import { ID_AA_MSG_SIG_DIGEST, ID_AA_SECURITY_LABEL, ID_CT_RECEIPT } from './message-oids.js';

/** What a receipt answers: the original SignedData as verified (its signature, attributes, content type). */
export type OriginalMessage = Pick<VerifiedSignedData, 'contentType' | 'signature' | 'signedAttributes' | 'attributes'>;

/** A message this workstation sent, as a receipt is checked against it: what it signed, and to whom (the recipients' certificate fingerprints). */
export type SentOriginal = OriginalMessage & { readonly recipients: readonly string[] };

/**
 * A signed receipt (RFC 2634 §2.7–2.8): a Receipt naming the original's content type, content
 * identifier and signature, in a SignedData made on the token whose signed attributes carry
 * msgSigDigest (SHA-256 of the original's signed attributes) and the original's security label.
 * Only for a message that asked for one. When to send it is the caller's decision (on opening).
 */
export async function makeReceipt(request: { readonly original: OriginalMessage; readonly signer: TokenSigner; readonly chain: readonly Uint8Array[]; readonly now: Date }): Promise<Uint8Array> {
  const asked = receiptRequestOf(request.original.attributes);
  if (asked === undefined) throw new Error('the message asked for no receipt');
  const receipt = new Receipt({
    version: 1,
    contentType: request.original.contentType,
    signedContentIdentifier: new OctetString(asked.contentIdentifier),
    originatorSignatureValue: new OctetString(request.original.signature),
  });
  const label = request.original.attributes.get(ID_AA_SECURITY_LABEL);
  const signed = await signContent({
    contentType: ID_CT_RECEIPT,
    content: der(receipt),
    signer: request.signer,
    chain: request.chain,
    attributes: [attribute(ID_AA_MSG_SIG_DIGEST, new OctetString(sha256(request.original.signedAttributes))), ...(label === undefined ? [] : [new Attribute({ attrType: ID_AA_SECURITY_LABEL, attrValues: [new Uint8Array(label).buffer] })])],
    signingTime: request.now,
  });
  return signed.signedData;
}

export interface VerifiedReceipt {
  readonly signer: CertificateInfo;
  readonly signerCertificate: Uint8Array;
  readonly signingTime: Date | undefined;
  readonly contentIdentifier: Uint8Array;
}

/**
 * A receipt is proof only for the message it names: signature and chain as for any SignedData,
 * then the Receipt's content type, identifier and signature value, and msgSigDigest, against the
 * original the sender kept (`receiptMismatch` if any differs).
 */
export async function verifyReceipt(receiptSignedData: Uint8Array, original: OriginalMessage, trust: SignerTrust): Promise<VerifiedReceipt> {
  const signed = await verifySignedData(receiptSignedData, trust);
  if (signed.contentType !== ID_CT_RECEIPT) throw new MessageError('malformed', { reason: 'not a receipt' });
  const receipt = parsedWhole('Receipt', signed.content, Receipt);
  const asked = receiptRequestOf(original.attributes);
  const digest = parsed('msgSigDigest', () => AsnConvert.parse(required(signed.attributes, ID_AA_MSG_SIG_DIGEST), OctetString));
  const same =
    asked !== undefined &&
    receipt.version === 1 &&
    receipt.contentType === original.contentType &&
    Buffer.from(receipt.signedContentIdentifier.buffer).equals(asked.contentIdentifier) &&
    Buffer.from(receipt.originatorSignatureValue.buffer).equals(original.signature) &&
    Buffer.from(digest.buffer).equals(sha256(original.signedAttributes)) &&
    sameLabel(original.attributes.get(ID_AA_SECURITY_LABEL), signed.attributes.get(ID_AA_SECURITY_LABEL));
  if (!same) throw new MessageError('receiptMismatch');
  return { signer: signed.signer, signerCertificate: signed.signerCertificate, signingTime: signed.signingTime, contentIdentifier: asked.contentIdentifier };
}

/** RFC 2634 §2.8: a receipt carries the original's label; one that carries another is not this message's. (OpenSSL's carry none.) */
function sameLabel(original: Uint8Array | undefined, receipt: Uint8Array | undefined): boolean {
  return original === undefined || receipt === undefined || Buffer.from(original).equals(receipt);
}
