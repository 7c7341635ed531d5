import type { AuditRecorder } from '../audit-recorder.js';
import type { CertificateTrust } from '../certificates/capability.js';
import type { EventBus } from '../event-bus.js';
import { tokenHandlers } from './handlers.js';
import { TokenCertificates } from './token-certificates.js';
import { TokenClient, type TokenClientOptions } from './token-client.js';
import type { TokenProcessLauncher } from './token-process.js';
import { auditTokenPresence } from './token-presence-audit.js';
import { TokenService, type TokenServiceLog } from './token-service.js';

export interface TokenConfig {
  readonly launcher: TokenProcessLauncher;
  readonly modulePaths: readonly string[];
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  readonly loginTimeoutMs?: number;
  /** Only the token-process kill tests: sees each request as it is posted and answered. */
  readonly observe?: TokenClientOptions['observe'];
}

export interface TokenDeps {
  /** Without it the app runs with no token service: locked stays locked (fail closed). */
  readonly config: TokenConfig | undefined;
  readonly events: EventBus;
  readonly log: TokenServiceLog;
  readonly audit: AuditRecorder;
  readonly trust: CertificateTrust;
  /** The token went away or its process stopped: the session locks. */
  readonly onLoss: (reason: 'tokenRemoved' | 'tokenServiceStopped') => void;
}

/** The token service (its own process), the certificates on a token, PIN change, with the token.* handlers. */
export function createToken({ config, events, log, audit, trust, onLoss }: TokenDeps) {
  const service = config === undefined ? undefined : createTokenService(config, events, log, onLoss);
  const certificates = service === undefined ? undefined : new TokenCertificates({ tokens: service, ...trust, now: () => new Date() });
  auditTokenPresence(events, audit);
  return { service, certificates, handlers: tokenHandlers(service, certificates, audit) };
}

function createTokenService(config: TokenConfig, events: EventBus, log: TokenServiceLog, onLoss: TokenDeps['onLoss']): TokenService {
  const client: TokenClient = new TokenClient({
    launcher: config.launcher,
    modulePaths: config.modulePaths,
    onStopped: (reason) => service.handleStopped(reason),
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.loginTimeoutMs === undefined ? {} : { loginTimeoutMs: config.loginTimeoutMs }),
    ...(config.observe === undefined ? {} : { observe: config.observe }),
  });
  const service: TokenService = new TokenService({ client, events, log, onLoss, ...(config.pollMs === undefined ? {} : { pollMs: config.pollMs }) });
  return service;
}
