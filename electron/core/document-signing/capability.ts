import { signingHandlers } from './handlers.js';
import { DocumentSigningService, type SigningServiceOptions } from './signing-service.js';

/**
 * Signing a chosen file on the token and checking received signatures, with the signing.* handlers.
 * `jobs` is the documents' runner: a signing is a document job like encrypting (same events, cancel, abort at lock).
 */
export function createDocumentSigning(deps: SigningServiceOptions) {
  const signing = new DocumentSigningService(deps);
  return { signing, handlers: signingHandlers(signing) };
}
