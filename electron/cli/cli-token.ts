import { EventBus } from '../core/event-bus.js';
import { DomainError } from '../core/domain-error.js';
import { tokenKeyHolders, type TokenKeyHolder } from '../core/token/token-key-holders.js';
import { TokenClient } from '../core/token/token-client.js';
import { TokenService } from '../core/token/token-service.js';
import type { TokenProcessLauncher } from '../core/token/token-process.js';
import type { TokenSummary } from '../../shared/domain/token.js';

export interface CliTokenSession {
  readonly holders: readonly TokenKeyHolder[];
  stop(): Promise<void>;
}

/**
 * The same token service as the app (its own process, the same PKCS#11 rules), logged in once
 * for one command and logged out and stopped after it.
 */
export async function openTokenSession(options: { launcher: TokenProcessLauncher; modulePaths: readonly string[]; select: string | undefined; pin: () => Promise<string | undefined> }): Promise<CliTokenSession> {
  const quiet = { event: () => undefined };
  const client: TokenClient = new TokenClient({ launcher: options.launcher, modulePaths: options.modulePaths, onStopped: (reason) => service.handleStopped(reason) });
  const service: TokenService = new TokenService({ client, events: new EventBus(), log: quiet, onLoss: () => undefined, pollMs: 60_000 });
  const stop = async (): Promise<void> => {
    await service.logoutAll().catch(() => undefined);
    service.stop();
  };
  try {
    await service.start();
    const token = choose(service.list(), options.select);
    // Asked only now, when the token is known to want one (a PIN-pad reader takes it itself).
    await service.login(token.ref, token.protectedAuthPath ? undefined : await options.pin());
    return { holders: await tokenKeyHolders(service, token.ref), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function choose(tokens: readonly TokenSummary[], select: string | undefined): TokenSummary {
  const candidates = select === undefined ? tokens : tokens.filter((token) => token.ref.label === select || token.ref.serial === select);
  const [only, ...others] = candidates;
  if (only === undefined || others.length > 0) throw new DomainError('token.notFound');
  return only;
}
