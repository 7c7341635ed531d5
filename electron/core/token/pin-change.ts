import type { TokenRef } from '../../../shared/domain/token.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { DomainError } from '../domain-error.js';
import type { TokenService } from './token-service.js';

/**
 * Changing a token's PIN, audited either way (token.pinChanged). No token service at all is a
 * failed change too, audited with token.noModule, hence the service is asked for inside.
 */
export async function changePinAudited(service: () => TokenService, audit: AuditRecorder, token: TokenRef, oldPin: string, newPin: string): Promise<{ changed: true }> {
  try {
    await service().changePin(token, oldPin, newPin);
  } catch (error) {
    audit.record('token.pinChanged', 'failed', { serial: token.serial, code: error instanceof DomainError ? error.code : 'token.failed' });
    throw error;
  }
  audit.record('token.pinChanged', 'ok', { serial: token.serial });
  return { changed: true };
}
