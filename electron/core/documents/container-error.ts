/** Every way opening or making a container can fail; each is named to the user (docs/container.md "Opening"). */
export const CONTAINER_PROBLEMS = [
  'notContainer',
  'unsupportedVersion',
  'malformed',
  'notRecipient',
  'headerTampered',
  'recipientStanzaDamaged',
  'metadataTampered',
  'chunkTampered',
  'truncated',
  'signatureMissing',
  'signatureBad',
  'signatureHighS',
  'signerMismatch',
  'signerInvalid',
  'tooLargeForViewer',
  'cancelled',
] as const;
export type ContainerProblem = (typeof CONTAINER_PROBLEMS)[number];

export class ContainerError extends Error {
  constructor(
    readonly problem: ContainerProblem,
    /**
     * The chunk (from 0) for payload damage; the certificate reason for an invalid signer; a parse
     * detail; the fingerprint of the damaged stanza's recipient (one of the reader's certificates).
     */
    readonly detail: { readonly chunk?: number; readonly reason?: string; readonly recipient?: string } = {},
  ) {
    super(`container.${problem}${detail.chunk === undefined ? '' : ` (chunk ${detail.chunk})`}${detail.reason === undefined ? '' : ` (${detail.reason})`}${detail.recipient === undefined ? '' : ` (recipient ${detail.recipient})`}`);
    this.name = 'ContainerError';
  }
}
