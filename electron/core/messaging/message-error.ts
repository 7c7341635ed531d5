import { CERTIFICATE_INVALID_REASONS, type CertificateInvalidReason } from '../../../shared/domain/certificate.js';
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

/** As the user hears it: `message.<problem>`, with the certificate reason for an untrusted signer. */
export function toDomainError(error: MessageError): DomainError {
  const reason = (CERTIFICATE_INVALID_REASONS as readonly string[]).includes(error.detail.reason ?? '') ? (error.detail.reason as CertificateInvalidReason) : undefined;
  return new DomainError(`message.${error.problem}`, reason === undefined ? undefined : { certificateReason: reason }, { cause: error });
}
