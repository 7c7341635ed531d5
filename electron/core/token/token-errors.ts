import type { ErrorCode } from '../../../shared/ipc/errors.js';
import type { TokenFailure } from './protocol.js';

const CODES: Readonly<Record<TokenFailure, ErrorCode>> = {
  pinIncorrect: 'token.pinIncorrect',
  pinLocked: 'token.pinLocked',
  pinInvalid: 'token.pinInvalid',
  pinExpired: 'token.pinExpired',
  notLoggedIn: 'token.notLoggedIn',
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
