import { AuthorizationError, PermissionViolationError, UserAuthenticationExpiredError } from '@nats-io/transport-node';
import type { MessagingFailure } from '../../../shared/domain/messaging.js';

/** Node's codes for a server certificate that does not chain to the pinned roots or does not fit. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The error and the causes it wraps (the client wraps socket errors), outermost first. */
function chain(error: unknown): unknown[] {
  const seen: unknown[] = [];
  for (let at = error; at instanceof Error && !seen.includes(at) && seen.length < 8; at = at.cause) seen.push(at);
  return seen;
}

/** Why a connection attempt or a live connection failed, as the screen says it. */
export function connectionFailure(error: unknown): MessagingFailure {
  const errors = chain(error);
  if (errors.some((e) => e instanceof AuthorizationError || e instanceof UserAuthenticationExpiredError)) return 'messaging.authRefused';
  if (errors.some((e) => UNTRUSTED_CERTIFICATE.has(String((e as { code?: unknown }).code)))) return 'messaging.serverUntrusted';
  return 'messaging.unreachable';
}

/** Whether the server refused an operation for the user's permissions (the server's own check). */
export function isPermissionViolation(error: unknown): boolean {
  return chain(error).some((e) => e instanceof PermissionViolationError || /permissions violation/i.test((e as Error).message));
}
