import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import type { Attribute } from '@peculiar/asn1-cms';
import { certificateStructure } from '../certificates/certificate-structure.js';
import { PRECEDENCES } from '../../../shared/domain/message.js';
import { CLASSIFICATION_LEVELS, type ClassificationLevel } from '../../../shared/domain/levels.js';
import { attribute } from './cms-signed-data.js';
import { required } from './cms-signed-data-verifier.js';
import { directoryNameOf, EssPrivacyMark, EssSecurityLabel, GeneralNamesList, MessageExpiry, MessagePrecedence, ReceiptRequest, ReceiptsFrom } from './ess-attributes.js';
import { MessageError, parsed } from './message-error.js';
import { AIRLOCK_SECURITY_POLICY, ID_AA_AIRLOCK_EXPIRY, ID_AA_AIRLOCK_PRECEDENCE, ID_AA_CONTENT_IDENTIFIER, ID_AA_RECEIPT_REQUEST, ID_AA_SECURITY_LABEL } from './message-oids.js';

/** Decree 30/2020 urgency, lowest first, with the military precedence each is sent as. */
export { PRECEDENCES };
export type Precedence = (typeof PRECEDENCES)[number];
/** MMHS primary precedence values (STANAG 4406, RFC 6477): routine 1, priority 2, immediate 3, flash 4. */
const PRECEDENCE_VALUES: Record<Precedence, number> = { thuong: 1, khan: 2, thuongKhan: 3, hoaToc: 4 };

/**
 * ESS security-classification values under Airlock's policy: RFC 2634's unclassified (1),
 * confidential (3), secret (4) and top-secret (5) for the Law on Protection of State Secrets'
 * levels. The privacy mark repeats the level in words for tools that show only that.
 */
const CLASSIFICATION_VALUES: Record<ClassificationLevel, number> = { unclassified: 1, mat: 3, toiMat: 4, tuyetMat: 5 };
const PRIVACY_MARKS: Record<ClassificationLevel, string | undefined> = { unclassified: undefined, mat: 'MẬT', toiMat: 'TỐI MẬT', tuyetMat: 'TUYỆT MẬT' };

export interface MessageLabelling {
  readonly classification: ClassificationLevel;
  readonly precedence: Precedence;
  readonly expiresAt: Date;
  /** ESS ContentIdentifier: the same bytes as the receipt request's signedContentIdentifier. */
  readonly contentIdentifier: Uint8Array;
  /** Ask every recipient for a signed receipt, to be sent to the signer (receiptsTo). */
  readonly requestReceipt: boolean;
}

export interface ReceiptRequested {
  readonly contentIdentifier: Uint8Array;
  readonly from: 'all' | 'firstTier' | 'list';
}

/** The signed attributes Airlock adds to a message, besides those of every signature. */
export function messageAttributes(labelling: MessageLabelling, signerCertificate: Uint8Array): Attribute[] {
  const mark = PRIVACY_MARKS[labelling.classification];
  const label = new EssSecurityLabel({ securityPolicyIdentifier: AIRLOCK_SECURITY_POLICY, securityClassification: CLASSIFICATION_VALUES[labelling.classification], ...(mark === undefined ? {} : { privacyMark: new EssPrivacyMark({ utf8String: mark }) }) });
  const attributes = [
    attribute(ID_AA_SECURITY_LABEL, label),
    attribute(ID_AA_AIRLOCK_PRECEDENCE, new MessagePrecedence({ value: PRECEDENCE_VALUES[labelling.precedence] })),
    attribute(ID_AA_AIRLOCK_EXPIRY, new MessageExpiry({ value: wholeSeconds(labelling.expiresAt) })),
    attribute(ID_AA_CONTENT_IDENTIFIER, new OctetString(labelling.contentIdentifier)),
  ];
  if (!labelling.requestReceipt) return attributes;
  const sender = certificateStructure(signerCertificate).tbsCertificate.subject;
  const request = new ReceiptRequest({
    signedContentIdentifier: new OctetString(labelling.contentIdentifier),
    receiptsFrom: new ReceiptsFrom({ allOrFirstTier: 0 }),
    receiptsTo: new GeneralNamesList([directoryNameOf(sender)]),
  });
  return [...attributes, attribute(ID_AA_RECEIPT_REQUEST, request)];
}

/** The security label alone: a message without one, or under another policy, is never shown. */
export function labelOf(attributes: ReadonlyMap<string, Uint8Array>): ClassificationLevel {
  const value = attributes.get(ID_AA_SECURITY_LABEL);
  if (value === undefined) throw new MessageError('labelMissing');
  const label = parsed('security label', () => AsnConvert.parse(value, EssSecurityLabel));
  const level = CLASSIFICATION_LEVELS.find((candidate) => CLASSIFICATION_VALUES[candidate] === label.securityClassification);
  if (label.securityPolicyIdentifier !== AIRLOCK_SECURITY_POLICY || level === undefined) throw new MessageError('labelUnknown', { reason: `${label.securityPolicyIdentifier} / ${String(label.securityClassification)}` });
  return level;
}

/** Every Airlock attribute, checked: label first, then precedence, expiry (against `now`), identifier. */
export function readLabelling(attributes: ReadonlyMap<string, Uint8Array>, now: Date): MessageLabelling & { readonly receiptRequest: ReceiptRequested | undefined } {
  const classification = labelOf(attributes);
  const precedenceValue = parsed('precedence', () => AsnConvert.parse(required(attributes, ID_AA_AIRLOCK_PRECEDENCE), MessagePrecedence).value);
  const precedence = PRECEDENCES.find((candidate) => PRECEDENCE_VALUES[candidate] === precedenceValue);
  if (precedence === undefined) throw new MessageError('malformed', { reason: `precedence ${precedenceValue}` });
  const expiresAt = parsed('expiry', () => AsnConvert.parse(required(attributes, ID_AA_AIRLOCK_EXPIRY), MessageExpiry).value);
  if (now.getTime() > expiresAt.getTime()) throw new MessageError('expired', { reason: expiresAt.toISOString() });
  const contentIdentifier = new Uint8Array(parsed('content identifier', () => AsnConvert.parse(required(attributes, ID_AA_CONTENT_IDENTIFIER), OctetString)).buffer);
  const receiptRequest = receiptRequestOf(attributes);
  if (receiptRequest !== undefined && !Buffer.from(receiptRequest.contentIdentifier).equals(contentIdentifier)) throw new MessageError('malformed', { reason: 'receipt request names another content' });
  return { classification, precedence, expiresAt, contentIdentifier, requestReceipt: receiptRequest !== undefined, receiptRequest };
}

export function receiptRequestOf(attributes: ReadonlyMap<string, Uint8Array>): ReceiptRequested | undefined {
  const value = attributes.get(ID_AA_RECEIPT_REQUEST);
  if (value === undefined) return undefined;
  const request = parsed('receipt request', () => AsnConvert.parse(value, ReceiptRequest));
  const from = request.receiptsFrom.receiptList !== undefined ? 'list' : request.receiptsFrom.allOrFirstTier === 1 ? 'firstTier' : 'all';
  return { contentIdentifier: new Uint8Array(request.signedContentIdentifier.buffer), from };
}

/** GeneralizedTime in DER has no fraction of a second here: the writer and reader agree on one value. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
