import type { ClassificationLevel } from '../../../shared/domain/levels.js';
import type { CertificateInfo } from '../certificates/types.js';
import { openEnvelope, type RecipientKey } from './cms-envelope.js';
import { ParsedSignedData, required, verifySignedData, type SignerTrust, type VerifiedSignedData } from './cms-signed-data-verifier.js';
import { readLabelling, type Precedence, type ReceiptRequested } from './message-attributes.js';
import { MessageError } from './message-error.js';
import { readSignedEntity, readTextMessage, type TextMessage } from './mime-entity.js';
import { ID_AA_SIGNING_CERTIFICATE_V2, ID_DATA } from './message-oids.js';

export interface ReceivedMessage {
  readonly text: TextMessage;
  readonly classification: ClassificationLevel;
  readonly precedence: Precedence;
  readonly expiresAt: Date;
  readonly contentIdentifier: Uint8Array;
  readonly receiptRequest: ReceiptRequested | undefined;
  readonly signer: CertificateInfo;
  readonly signingTime: Date | undefined;
  /** The verified SignedData, kept to answer with a receipt and to forward unchanged. */
  readonly signed: VerifiedSignedData;
  /** The SignedData as received (DER ContentInfo). */
  readonly signedData: Uint8Array;
}

/**
 * Decrypts on the reader's token, then checks in this order, stopping at the first failure:
 * envelope (notRecipient, recipientDamaged, tampered), signature and signer's chain, the Airlock
 * attributes (label, precedence, expiry, identifier), the text. Nothing is returned unverified.
 */
export async function readMessage(options: { readonly message: Uint8Array; readonly keys: readonly RecipientKey[]; readonly trust: SignerTrust }): Promise<ReceivedMessage> {
  const entity = await openEnvelope(options.message, options.keys);
  return readSignedMessage(readSignedEntity(entity), options.trust);
}

/** The inner SignedData alone: the sender's kept copy, a forwarded original; or parsed already by the receiver. */
export async function readSignedMessage(given: Uint8Array | ParsedSignedData, trust: SignerTrust): Promise<ReceivedMessage> {
  const signedData = given instanceof ParsedSignedData ? given.bytes : given;
  const signed = await verifySignedData(given, trust);
  if (signed.contentType !== ID_DATA) throw new MessageError('malformed', { reason: `content type ${signed.contentType}` });
  const labelling = readLabelling(signed.attributes, trust.now());
  // Airlock's own messages always bind the signer's certificate (ESS signing-certificate-v2); one without it is not ours.
  required(signed.attributes, ID_AA_SIGNING_CERTIFICATE_V2);
  const text = readTextMessage(signed.content);
  if (!Buffer.from(text.messageId, 'utf8').equals(labelling.contentIdentifier)) throw new MessageError('malformed', { reason: 'Message-ID is not the content identifier' });
  return {
    text,
    classification: labelling.classification,
    precedence: labelling.precedence,
    expiresAt: labelling.expiresAt,
    contentIdentifier: labelling.contentIdentifier,
    receiptRequest: labelling.receiptRequest,
    signer: signed.signer,
    signingTime: signed.signingTime,
    signed,
    signedData,
  };
}
