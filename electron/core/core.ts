import { contract, type AirlockChannel } from '../../shared/ipc/contract.js';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers/index.js';
import { createDispatcher, type Dispatcher, type DispatcherLog } from './ipc/dispatcher.js';
import type { CoreServices } from './services.js';
import { noTokenUnlocker } from './session/no-token-unlocker.js';
import { WorkstationSession, type Unlocker } from './session/workstation-session.js';
import { unlockWithToken } from './session/token-unlock.js';
import { AuditTrail, type AuditTrailLog } from './audit/audit-trail.js';
import type { TokenSummary } from '../../shared/domain/token.js';
import { UserSettings } from './settings/user-settings.js';
import { ZoneService, type ZoneHelperPort } from './zones/zone-service.js';
import { DocumentService } from './documents/document-service.js';
import type { FileDialogPort } from './documents/file-dialog.js';
import { DocumentDecryptionJobs } from './documents/document-decryption.js';
import { DocumentJobRunner } from './documents/document-jobs.js';
import { SealedPartJournal } from './documents/part-journal.js';
import { DocumentEncryptionJobs } from './documents/document-encryption.js';
import { ColleagueDirectory, MemoryDirectoryStore } from './directory/colleague-directory.js';
import { SealedDirectoryStore } from './directory/sealed-directory-store.js';
import { SealedRecentStore } from './documents/sealed-recent-store.js';
import { MemoryRecentStore, RecentDocuments } from './documents/recent-documents.js';
import { parseCertificates } from './certificates/parsed-certificate.js';
import type { ZoneShellPort } from './zones/zone-ports.js';
import { TokenClient, type TokenClientOptions } from './token/token-client.js';
import { WorkstationVault } from './vault/workstation-vault.js';
import { KeyRotationJob } from './vault/key-rotation-job.js';
import { CrlCache, MemoryCrlStore, type CrlStore } from './certificates/revocation.js';
import { TokenCertificates } from './token/token-certificates.js';
import { TrustAnchors } from './certificates/trust-anchors.js';
import type { TokenProcessLauncher } from './token/token-process.js';
import { TokenService, type TokenServiceLog } from './token/token-service.js';

export interface CoreOptions {
  readonly shell: 'electron' | 'chromium';
  readonly version: string;
  readonly platform: string;
  /** Origin the renderer is served from; the dispatcher refuses every other sender. */
  readonly appOrigin: string;
  readonly log: DispatcherLog & TokenServiceLog & AuditTrailLog;
  /** Without it the app runs with no token service: locked stays locked (fail closed). */
  readonly token?: {
    readonly launcher: TokenProcessLauncher;
    readonly modulePaths: readonly string[];
    readonly pollMs?: number;
    readonly timeoutMs?: number;
    readonly loginTimeoutMs?: number;
    /** Only the token-process kill tests: sees each request as it is posted and answered. */
    readonly observe?: TokenClientOptions['observe'];
  };
  /** Pinned root CAs (PEM/DER, never the OS store) and CRLs already known; no roots: nothing validates. */
  readonly trust?: { readonly anchors: readonly (string | Uint8Array)[]; readonly intermediates?: readonly (string | Uint8Array)[] };
  /** Where the encrypted store files live; without it (tests of the frame) nothing is persisted. */
  readonly dataDir?: string;
  /** Lock after this long without a request from the user; 0 or absent: never. */
  readonly idleLockMs?: number;
  /** Network zones: the signed policy file and the privileged helper; without them no zone can be activated. */
  readonly zones?: { readonly policyPath?: string; readonly helper?: ZoneHelperPort; readonly shell?: ZoneShellPort; readonly recheckMs?: number };
  /** Where revocation lists are kept (the platform's: files under the data folder); absent: memory, lost at exit. */
  readonly crlStore?: CrlStore;
  /** Native file dialogs (Electron); absent: the UI takes typed paths. */
  readonly files?: FileDialogPort;
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

/**
 * What the lock screen may ask for. Everything else is refused with session.locked before any
 * service sees it, so a locked workstation exposes no data and no operation, whatever the renderer does.
 */
const ALLOWED_WHILE_LOCKED: ReadonlySet<AirlockChannel> = new Set<AirlockChannel>([
  'app.info',
  'session.state',
  'session.lock',
  'session.unlock',
  'settings.get',
  'settings.setLanguage',
  'zones.status',
  'zones.overview',
  'token.list',
  'token.service',
]);

/** The composition root of the core: the same under Electron and under plain Node. */
export function createCore(options: CoreOptions): Core {
  const events = new EventBus();
  const tokens = options.token === undefined ? undefined : createTokenService(options.token, events, options.log, (reason) => session.lock(reason));
  const settings = new UserSettings(events);
  const vault = tokens === undefined || options.dataDir === undefined ? undefined : new WorkstationVault({ dataDir: options.dataDir, tokens });
  const partJournal = vault === undefined ? undefined : new SealedPartJournal(() => vault.settings);
  const audit = new AuditTrail(options.log, () => vault?.inbox);
  const unlocker: Unlocker =
    options.unlocker ?? (tokens === undefined ? noTokenUnlocker : { unlock: (request, cancelled) => unlockWithToken(request, { tokens, vault, settings, audit, sweepLeftovers: partJournal && (() => partJournal.sweep()) }, cancelled) });
  const session = new WorkstationSession(events, unlocker, { startLocked: tokens !== undefined, idleLockMs: options.idleLockMs ?? 0 });
  const anchors = TrustAnchors.load(options.trust?.anchors ?? []);
  const crls = new CrlCache(options.crlStore ?? new MemoryCrlStore());
  // Locking logs the user out of every token: the next unlock needs the PIN again.
  session.onLock((reason) => {
    audit.record('session.lock', 'ok', { reason });
    audit.detach();
    settings.detach();
    vault?.lock();
    void tokens?.logoutAll();
  });

  const zones = new ZoneService({
    policyPath: options.zones?.policyPath,
    trust: { anchors, intermediates: options.trust?.intermediates ?? [], crls },
    helper: options.zones?.helper,
    tokens,
    vault,
    session,
    audit,
    events,
    ...(options.zones?.shell === undefined ? {} : { shell: options.zones.shell }),
    ...(options.zones?.recheckMs === undefined ? {} : { recheckMs: options.zones.recheckMs }),
  });

  // Colleagues' certificates live in the sealed settings store (memory only without a data folder).
  const directory = new ColleagueDirectory({
    store: vault === undefined ? new MemoryDirectoryStore() : new SealedDirectoryStore(() => vault.settings),
    anchors,
    crls,
    now: () => new Date(),
  });
  const intermediates = options.trust?.intermediates ?? [];
  // File names of classified documents are sensitive too: the recent list is sealed, and kept in the
  // live zone's own store, so what was opened in one zone is never listed in another.
  const recent = new RecentDocuments(vault === undefined ? new MemoryRecentStore() : new SealedRecentStore(async () => (zones.status().active === null ? vault.settings : await zones.activeStore())));

  // Whom a received document's signer must chain to, for the viewer and for decrypting to a file alike.
  const documentTrust = { anchors, intermediates: options.trust?.intermediates ?? [], crls };
  const documentJobs = new DocumentJobRunner(events, session);
  const services: CoreServices = {
    events,
    appInfo: { name: 'Airlock', version: options.version, shell: options.shell, platform: options.platform },
    session,
    settings,
    vault,
    audit,
    keyRotation: new KeyRotationJob({ vault, events, audit }),
    files: options.files,
    directory,
    encryption: new DocumentEncryptionJobs({
      tokens,
      zones,
      directory,
      audit,
      jobs: documentJobs,
      ...(partJournal === undefined ? {} : { journal: partJournal }),
      intermediates: () => intermediates.flatMap((item) => parseCertificates(typeof item === 'string' ? item : new Uint8Array(item)).map((certificate) => certificate.der)),
    }),
    documents: new DocumentService({ tokens, zones, audit, session, recent, ...(partJournal === undefined ? {} : { journal: partJournal }), trust: documentTrust }),
    decryption: new DocumentDecryptionJobs({ tokens, zones, audit, jobs: documentJobs, ...(partJournal === undefined ? {} : { journal: partJournal }), trust: documentTrust }),
    recent,
    zones,
    tokens,
    anchors,
    crls,
    knownIssuers: [...(options.trust?.anchors ?? []), ...(options.trust?.intermediates ?? [])],
    tokenCertificates: tokens === undefined ? undefined : new TokenCertificates({ tokens, anchors, intermediates: options.trust?.intermediates ?? [], crls, now: () => new Date() }),
  };
  const dispatcher = createDispatcher({
    contract,
    handlers: createHandlers(services),
    appOrigin: options.appOrigin,
    log: options.log,
    onAccepted: () => session.touch(),
    isLocked: () => session.state().locked,
    allowedWhileLocked: ALLOWED_WHILE_LOCKED,
  });
  recordTokenChanges(events, audit);
  return {
    services,
    dispatcher,
    start: async () => {
      vault?.openLocked();
      // The token process is forked first (synchronously); the policy is read meanwhile.
      await Promise.all([tokens?.start(), zones.start()]);
    },
    stop: () => {
      vault?.close();
      zones.stop();
      tokens?.stop();
      session.dispose();
    },
  };
}

/** Tokens plugged in and pulled out, by serial, as they appear in the polled list. */
function recordTokenChanges(events: EventBus, audit: AuditTrail): void {
  let present = new Set<string>();
  events.subscribe((name, payload) => {
    if (name !== 'tokens.changed') return;
    const now = new Set((payload as TokenSummary[]).map((token) => token.ref.serial));
    for (const serial of now) if (!present.has(serial)) audit.record('token.inserted', 'ok', { serial });
    for (const serial of present) if (!now.has(serial)) audit.record('token.removed', 'ok', { serial });
    present = now;
  });
}

function createTokenService(config: NonNullable<CoreOptions['token']>, events: EventBus, log: TokenServiceLog, onLoss: (reason: 'tokenRemoved' | 'tokenServiceStopped') => void): TokenService {
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
