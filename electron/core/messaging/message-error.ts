import { CERTIFICATE_INVALID_REASONS, type CertificateInvalidReason } from '../../../shared/domain/certificate.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { fromBER } from 'asn1js';
import { DomainError } from '../domain-error.js';

/** Every way reading a message or a receipt can fail (docs/message-format.md "Errors"); each is named to the user. */
export const MESSAGE_PROBLEMS = [
  'malformed',
  'algorithmUnsupported',
  'notRecipient',
  'recipientDamaged',
  'tampered',
  'signerMissing',
  'signerMismatch',
  'unknownSigner',
  'signerExpired',
  'signerRevoked',
  'signerInvalid',
  'labelMissing',
  'labelUnknown',
  'attributeMissing',
  'expired',
  'receiptMismatch',
  'receiptNotRecipient',
] as const;
export type MessageProblem = (typeof MESSAGE_PROBLEMS)[number];

export class MessageError extends Error {
  constructor(
    readonly problem: MessageProblem,
    /** The certificate reason for an untrusted signer; the attribute or part at fault otherwise. */
    readonly detail: { readonly reason?: string } = {},
  ) {
    super(`message.${problem}${detail.reason === undefined ? '' : ` (${detail.reason})`}`);
    this.name = 'MessageError';
  }
}

/** Parses with the schema library; anything it refuses is one answer: malformed, naming what. */
export function parsed<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MessageError) throw error;
    throw new MessageError('malformed', { reason: what });
  }
}

/**
 * One whole ASN.1 value and nothing after it: the parser would ignore trailing bytes, so one
 * message would have many spellings (a 24 MiB tail of zeros was read as the message before it).
 */
export function parsedWhole<T>(what: string, input: Uint8Array | ArrayBuffer, type: new () => T): T {
  return parsed(what, () => {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (fromBER(bytes).offset !== bytes.byteLength) throw new MessageError('malformed', { reason: `${what}: not one value` });
    return AsnConvert.parse(bytes, type);
  });
}

/** As the user hears it: `message.<problem>`, with the certificate reason for an untrusted signer. */
export function toDomainError(error: MessageError): DomainError {
  const reason = (CERTIFICATE_INVALID_REASONS as readonly string[]).includes(error.detail.reason ?? '') ? (error.detail.reason as CertificateInvalidReason) : undefined;
  return new DomainError(`message.${error.problem}`, reason === undefined ? undefined : { certificateReason: reason }, { cause: error });
}
