import type { TokenFailure } from '../core/token/protocol.js';

/** A failure with the PKCS#11 return value it came from, for the diagnostic log. */
export class TokenOperationError extends Error {
  constructor(
    readonly failure: TokenFailure,
    readonly ckr?: string,
    options?: ErrorOptions,
  ) {
    super(ckr === undefined ? failure : `${failure} (${ckr})`, options);
    this.name = 'TokenOperationError';
  }
}

/**
 * PKCS#11 return values, by name, to the few failures the app reacts to differently. Anything
 * that means "the token or its session is gone" becomes tokenRemoved, which locks the app.
 */
const BY_CKR: Readonly<Record<string, TokenFailure>> = {
  CKR_PIN_INCORRECT: 'pinIncorrect',
  CKR_PIN_LOCKED: 'pinLocked',
  CKR_PIN_INVALID: 'pinInvalid',
  CKR_PIN_LEN_RANGE: 'pinInvalid',
  CKR_PIN_EXPIRED: 'pinExpired',
  CKR_USER_NOT_LOGGED_IN: 'notLoggedIn',
  CKR_TOKEN_NOT_PRESENT: 'tokenRemoved',
  CKR_TOKEN_NOT_RECOGNIZED: 'tokenRemoved',
  CKR_DEVICE_REMOVED: 'tokenRemoved',
  CKR_DEVICE_ERROR: 'tokenRemoved',
  CKR_SESSION_HANDLE_INVALID: 'tokenRemoved',
  CKR_SESSION_CLOSED: 'tokenRemoved',
  CKR_SLOT_ID_INVALID: 'tokenRemoved',
  CKR_KEY_HANDLE_INVALID: 'keyNotFound',
  CKR_OBJECT_HANDLE_INVALID: 'keyNotFound',
  CKR_MECHANISM_INVALID: 'mechanismUnsupported',
  CKR_MECHANISM_PARAM_INVALID: 'mechanismUnsupported',
  CKR_KEY_TYPE_INCONSISTENT: 'mechanismUnsupported',
  CKR_KEY_FUNCTION_NOT_PERMITTED: 'mechanismUnsupported',
  CKR_FUNCTION_NOT_SUPPORTED: 'mechanismUnsupported',
  CKR_ENCRYPTED_DATA_INVALID: 'decryptFailed',
  CKR_ENCRYPTED_DATA_LEN_RANGE: 'decryptFailed',
  CKR_WRAPPED_KEY_INVALID: 'decryptFailed',
  CKR_WRAPPED_KEY_LEN_RANGE: 'decryptFailed',
  CKR_FUNCTION_CANCELED: 'cancelled',
};

/** pkcs11js throws Pkcs11Error whose message starts "CKR_NAME:code". */
export function toTokenError(error: unknown): TokenOperationError {
  if (error instanceof TokenOperationError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const ckr = /\b(CKR_[A-Z0-9_]+)/.exec(text)?.[1];
  if (ckr === undefined) return new TokenOperationError('failed', undefined, { cause: error });
  return new TokenOperationError(BY_CKR[ckr] ?? 'failed', ckr);
}
