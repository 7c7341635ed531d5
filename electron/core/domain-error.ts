import type { ErrorCode, ErrorDetails } from '../../shared/ipc/errors.js';

/**
 * A failure the user should hear about, by code. Anything else thrown in a handler is a bug:
 * it is logged in the main process and reaches the UI only as `ipc.internal`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorDetails,
    options?: ErrorOptions,
  ) {
    super(code, options);
    this.name = 'DomainError';
  }
}
