import { DomainError } from '../domain-error.js';
import type { ErrorCode } from '../../../shared/ipc/errors.js';
import type { TokenFailure } from './protocol.js';

const CODES: Readonly<Record<TokenFailure, ErrorCode>> = {
  pinIncorrect: 'token.pinIncorrect',
  pinLocked: 'token.pinLocked',
  pinInvalid: 'token.pinInvalid',
  pinExpired: 'token.pinExpired',
  notLoggedIn: 'token.notLoggedIn',
  contextPinRequired: 'token.contextPinRequired',
  tokenNotFound: 'token.notFound',
  tokenRemoved: 'token.removed',
  keyNotFound: 'token.keyNotFound',
  keyUnsafe: 'token.keyUnsafe',
  mechanismUnsupported: 'token.mechanismUnsupported',
  decryptFailed: 'token.decryptFailed',
  cancelled: 'token.cancelled',
  badRequest: 'token.failed',
  failed: 'token.failed',
};

export function errorCodeOf(failure: TokenFailure): ErrorCode {
  return CODES[failure];
}

/**
 * The token could not answer (its process stopped, the token was pulled, the login is gone): not a
 * "no" from the token. Callers must pass these on as they are, never read them as a wrong key.
 */
const UNAVAILABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['token.serviceStopped', 'token.removed', 'token.notFound', 'token.notLoggedIn', 'token.cancelled']);

export function isTokenUnavailable(error: unknown): error is DomainError {
  return error instanceof DomainError && UNAVAILABLE.has(error.code);
}
