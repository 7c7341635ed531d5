import type { TokenRef } from '../../../shared/domain/token.js';
import type { ErrorCode } from '../../../shared/ipc/errors.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { DomainError } from '../domain-error.js';
import type { TokenLogin, TokenService } from '../token/token-service.js';

/**
 * The one "PIN login" step of the unlock, the zone switch and every later signing: a wrong or
 * locked PIN is audited (token.pinWrong, with the tries left) before the caller's own refusal,
 * which `refused` records with the error's code; the error then goes on unchanged.
 */
export async function pinLogin(tokens: TokenService, audit: AuditRecorder, token: TokenRef, pin: string | undefined, refused: (code: ErrorCode) => void): Promise<TokenLogin> {
  try {
    return await tokens.login(token, pin);
  } catch (error) {
    const code = error instanceof DomainError ? error.code : 'token.failed';
    if (code === 'token.pinIncorrect' || code === 'token.pinLocked') audit.record('token.pinWrong', 'failed', { serial: token.serial, triesLeft: (error as DomainError).details?.pinTries ?? 'unknown' });
    refused(code);
    throw error;
  }
}
