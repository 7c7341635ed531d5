import { contract } from '../../shared/ipc/contract.js';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers/index.js';
import { createDispatcher, type Dispatcher, type DispatcherLog } from './ipc/dispatcher.js';
import type { CoreServices } from './services.js';
import { noTokenUnlocker } from './services/no-token-unlocker.js';
import { WorkstationSession, type Unlocker } from './services/session.js';
import { UserSettings } from './services/settings.js';
import { ZoneStatusSource } from './services/zone-status.js';
import { TokenClient } from './token/token-client.js';
import { CrlCache, MemoryCrlStore } from './certificates/revocation.js';
import { TokenCertificates } from './certificates/token-certificates.js';
import { TrustAnchors } from './certificates/trust-anchors.js';
import type { TokenProcessLauncher } from './token/token-process.js';
import { TokenService, type TokenServiceLog } from './token/token-service.js';

export interface CoreOptions {
  readonly shell: 'electron' | 'chromium';
  readonly version: string;
  readonly platform: string;
  /** Origin the renderer is served from; the dispatcher refuses every other sender. */
  readonly appOrigin: string;
  readonly log: DispatcherLog & TokenServiceLog;
  /** Without it the app runs with no token service: locked stays locked (fail closed). */
  readonly token?: {
    readonly launcher: TokenProcessLauncher;
    readonly modulePaths: readonly string[];
    readonly pollMs?: number;
    readonly timeoutMs?: number;
    readonly loginTimeoutMs?: number;
  };
  /** Pinned root CAs (PEM/DER, never the OS store) and CRLs already known; no roots: nothing validates. */
  readonly trust?: { readonly anchors: readonly (string | Uint8Array)[]; readonly intermediates?: readonly (string | Uint8Array)[] };
  /** Lock after this long without a request from the user; 0 or absent: never. */
  readonly idleLockMs?: number;
  /** Only for tests of the session itself. */
  readonly unlocker?: Unlocker;
}

export interface Core {
  readonly services: CoreServices;
  readonly dispatcher: Dispatcher;
  /** Starts what runs in the background (the token process); the app is usable (locked) before. */
  start(): Promise<void>;
  stop(): void;
}

/** The composition root of the core: the same under Electron and under plain Node. */
export function createCore(options: CoreOptions): Core {
  const events = new EventBus();
  const tokens = options.token === undefined ? undefined : createTokenService(options.token, events, options.log, (reason) => session.lock(reason));
  const unlocker: Unlocker = options.unlocker ?? (tokens === undefined ? noTokenUnlocker : { unlock: ({ token, pin }) => tokens.login(token, pin) });
  const session = new WorkstationSession(events, unlocker, { startLocked: tokens !== undefined, idleLockMs: options.idleLockMs ?? 0 });
  const anchors = TrustAnchors.load(options.trust?.anchors ?? []);
  const crls = new CrlCache(new MemoryCrlStore());
  // Locking logs the user out of every token: the next unlock needs the PIN again.
  session.onLock(() => void tokens?.logoutAll());

  const services: CoreServices = {
    events,
    appInfo: { name: 'Airlock', version: options.version, shell: options.shell, platform: options.platform },
    session,
    settings: new UserSettings(events),
    zones: new ZoneStatusSource(),
    tokens,
    anchors,
    crls,
    tokenCertificates: tokens === undefined ? undefined : new TokenCertificates({ tokens, anchors, intermediates: options.trust?.intermediates ?? [], crls, now: () => new Date() }),
  };
  const dispatcher = createDispatcher({
    contract,
    handlers: createHandlers(services),
    appOrigin: options.appOrigin,
    log: options.log,
    onAccepted: () => session.touch(),
  });
  return {
    services,
    dispatcher,
    start: async () => {
      await tokens?.start();
    },
    stop: () => {
      tokens?.stop();
      session.dispose();
    },
  };
}

function createTokenService(config: NonNullable<CoreOptions['token']>, events: EventBus, log: TokenServiceLog, onLoss: (reason: 'tokenRemoved' | 'tokenServiceStopped') => void): TokenService {
  const client: TokenClient = new TokenClient({
    launcher: config.launcher,
    modulePaths: config.modulePaths,
    onStopped: (reason) => service.handleStopped(reason),
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.loginTimeoutMs === undefined ? {} : { loginTimeoutMs: config.loginTimeoutMs }),
  });
  const service: TokenService = new TokenService({ client, events, log, onLoss, ...(config.pollMs === undefined ? {} : { pollMs: config.pollMs }) });
  return service;
}
