import type { AuditTrail } from '../audit/audit-trail.js';
import { DomainError } from '../domain-error.js';
import type { WorkstationVault } from '../vault/workstation-vault.js';
import type { TokenService } from '../token/token-service.js';
import { pinLogin } from './pin-login.js';
import type { UnlockRequest } from './workstation-session.js';
import type { UserSettings } from '../settings/user-settings.js';

export interface TokenUnlockDeps {
  readonly tokens: TokenService;
  readonly vault: WorkstationVault | undefined;
  readonly settings: UserSettings;
  readonly audit: AuditTrail;
  /** Removes what crashed document writes left on disk; says how many files (audited). */
  readonly sweepLeftovers: (() => Promise<number>) | undefined;
}

/**
 * Token + PIN, then the encrypted files with a key on that token. It resolves (and the session
 * commits) only if the token process that made the login still runs and still has the token
 * logged in, proved by a real call just before; any failure closes what was opened (store keys
 * wiped, token logged out) and leaves the workstation locked, audited with its code.
 */
export async function unlockWithToken({ token, pin }: UnlockRequest, deps: TokenUnlockDeps, cancelled: AbortSignal): Promise<void> {
  const { tokens, vault, settings, audit, sweepLeftovers } = deps;
  const login = await pinLogin(tokens, audit, token, pin, (code) => audit.record('session.unlock', 'failed', { serial: token.serial, code }));
  try {
    if (vault !== undefined) {
      await vault.open(login);
      settings.attach(vault.settings);
      await audit.attach(vault.auditLog, vault.signer);
      // What a crashed encrypt or decrypt left on disk (for a decryption, plaintext) goes now.
      const leftovers = await sweepLeftovers?.().catch(() => 0);
      if (leftovers !== undefined && leftovers > 0) audit.record('document.leftoverRemoved', 'ok', { count: leftovers });
    }
    await tokens.confirmLogin(login);
    // From here to the session's commit nothing waits: a stop observed later finds it unlocked and locks it.
    cancelled.throwIfAborted();
  } catch (error) {
    const code = error instanceof DomainError ? error.code : 'store.unavailable';
    // Logged in to a token this workstation's data is not wrapped to: refused; the token (service) failing: failed.
    audit.record('session.unlock', code.startsWith('store.') ? 'refused' : 'failed', { serial: token.serial, code });
    audit.detach();
    settings.detach();
    vault?.lock();
    await tokens.logoutAll();
    throw error;
  }
  audit.record('session.unlock', 'ok', { serial: token.serial });
}
