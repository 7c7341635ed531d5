import type { AuditTrail } from '../audit/audit-trail.js';
import type { EventBus } from '../event-bus.js';
import type { UserSettings } from '../settings/user-settings.js';
import type { TokenService } from '../token/token-service.js';
import type { WorkstationVault } from '../vault/workstation-vault.js';
import { sessionHandlers } from './handlers.js';
import { noTokenUnlocker } from './no-token-unlocker.js';
import { unlockWithToken, type TokenUnlockDeps } from './token-unlock.js';
import { WorkstationSession, type Unlocker } from './workstation-session.js';

export interface SessionDeps {
  readonly events: EventBus;
  readonly tokens: TokenService | undefined;
  readonly vault: WorkstationVault | undefined;
  readonly settings: UserSettings;
  readonly audit: AuditTrail;
  readonly sweepLeftovers: TokenUnlockDeps['sweepLeftovers'];
  /** Lock after this long without a request from the user; 0: never. */
  readonly idleLockMs: number;
  /** Only for tests of the session itself. */
  readonly unlocker: Unlocker | undefined;
}

/**
 * Locked or unlocked: the one unlock workflow (token + PIN, the vault, settings, the audit log,
 * the leftover sweep) and what every lock undoes, with the session.* handlers.
 */
export function createSession({ events, tokens, vault, settings, audit, sweepLeftovers, idleLockMs, unlocker }: SessionDeps) {
  const unlock: Unlocker = unlocker ?? (tokens === undefined ? noTokenUnlocker : { unlock: (request, cancelled) => unlockWithToken(request, { tokens, vault, settings, audit, sweepLeftovers }, cancelled) });
  const session = new WorkstationSession(events, unlock, { startLocked: tokens !== undefined, idleLockMs });
  // Locking logs the user out of every token: the next unlock needs the PIN again.
  session.onLock((reason) => {
    audit.record('session.lock', 'ok', { reason });
    audit.detach();
    settings.detach();
    vault?.lock();
    void tokens?.logoutAll();
  });
  return { session, handlers: sessionHandlers(session) };
}
