import type { AuditRecorder } from '../audit-recorder.js';
import { DomainError } from '../domain-error.js';
import type { HandlersOf } from '../ipc/handlers-of.js';
import { changePinAudited } from './pin-change.js';
import type { TokenCertificates } from './token-certificates.js';
import type { TokenService } from './token-service.js';

/** Without a token service there is nothing to ask: "no module" is not "no token plugged in". */
function present<T>(service: T | undefined): T {
  if (service === undefined) throw new DomainError('token.noModule');
  return service;
}

export function tokenHandlers(service: TokenService | undefined, certificates: TokenCertificates | undefined, audit: AuditRecorder): HandlersOf<'token'> {
  return {
    list: () => present(service).list(),
    // No token service at all is not one restarting; the list says the rest.
    service: () => service?.status() ?? { restarting: false, moduleMissing: true },
    changePin: ({ token, oldPin, newPin }) => changePinAudited(() => present(service), audit, token, oldPin, newPin),
    certificates: ({ token }) => present(certificates).list(token),
  };
}
