import { randomUUID } from 'node:crypto';
import type { TokenSigner } from '../signing/token-signer.js';
import { sealEnvelope } from './cms-envelope.js';
import { signContent, type SignedContent } from './cms-signed-data.js';
import { messageAttributes, type MessageLabelling } from './message-attributes.js';
import { writeSignedEntity, writeTextMessage, type TextMessage } from './mime-entity.js';
import { ID_DATA } from './message-oids.js';

export interface MessageDraft extends Omit<TextMessage, 'messageId' | 'date'>, Omit<MessageLabelling, 'contentIdentifier'> {}

export interface WriteMessageRequest {
  readonly draft: MessageDraft;
  readonly signer: TokenSigner;
  /** Issuing CAs of the signer's certificate, carried in the SignedData. */
  readonly chain: readonly Uint8Array[];
  /** The recipients' certificates; the sender's own are added so the sent copy can be read. */
  readonly recipients: readonly Uint8Array[];
  readonly senderCertificates: readonly Uint8Array[];
  readonly now: Date;
}

export interface WrittenMessage {
  /** What is sent: DER ContentInfo of an AuthEnvelopedData. */
  readonly message: Uint8Array;
  /** The inner SignedData, its signature and signed attributes: what a receipt will name. */
  readonly signed: SignedContent;
  readonly messageId: string;
  readonly contentIdentifier: Uint8Array;
}

/**
 * Signs, then encrypts (docs/message-format.md): the text message in MIME, in a SignedData made
 * on the token with the ESS attributes, in an S/MIME signed-data entity, in an AuthEnvelopedData
 * to every recipient and to the sender. The Message-ID and the ESS content identifier are one
 * value, so a receipt and the message it answers find each other.
 */
export async function writeMessage(request: WriteMessageRequest): Promise<WrittenMessage> {
  const messageId = `${randomUUID()}@airlock.invalid`;
  const contentIdentifier = new Uint8Array(Buffer.from(messageId, 'utf8'));
  const { draft } = request;
  const text = writeTextMessage({ messageId, date: request.now, subject: draft.subject, body: draft.body, inReplyTo: draft.inReplyTo, references: draft.references, attachments: draft.attachments, forwarded: draft.forwarded });
  const signed = await signContent({
    contentType: ID_DATA,
    content: text,
    signer: request.signer,
    chain: request.chain,
    attributes: messageAttributes({ classification: draft.classification, precedence: draft.precedence, expiresAt: draft.expiresAt, contentIdentifier, requestReceipt: draft.requestReceipt }, request.signer.certificateDer),
    signingTime: request.now,
  });
  const message = await sealEnvelope(writeSignedEntity(signed.signedData), [...request.recipients, ...request.senderCertificates]);
  return { message, signed, messageId, contentIdentifier };
}
