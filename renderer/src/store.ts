import type { z } from 'zod';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditEntryView, AuditExportResult, AuditVerdict } from '../../shared/domain/audit.js';
import type { TokenCertificate } from '../../shared/domain/certificate.js';
import type { Language } from '../../shared/domain/language.js';
import type { SessionState } from '../../shared/domain/session.js';
import type { TokenRef, TokenServiceStatus, TokenSummary } from '../../shared/domain/token.js';
import type { WatchdogAlert, ZonesOverview, ZoneStatus } from '../../shared/domain/zone.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { AppInfo } from '../../shared/ipc/contract.js';
import type { IpcError } from '../../shared/ipc/errors.js';
import type { Reply } from '../../shared/ipc/reply.js';
import { auditQueryOf, type AuditFilter, type AuditRange } from './audit-filter.js';
import { crlImporter, type CrlImport } from './crl-import.js';
import { DEFAULT_LANGUAGE } from './i18n/catalog.js';
import { keyRotationActions, type KeyRotation } from './key-rotation.js';
import { DEFAULT_SCREEN, type ScreenId } from './navigation.js';
import { tokenKey } from './token-key.js';
import { zoneSwitchActions, type ZoneSwitchView } from './zone-switch.js';
import { documentActions, NO_DOCUMENTS, type DocumentsState } from './documents.js';
import { encryptionActions, NO_ENCRYPTION, type EncryptionForm, type EncryptionState } from './document-encryption.js';
import { dropDocuments, type DropOutcome, type DroppedItem } from './document-drop.js';

export type BusyAction = 'refresh' | 'lock' | 'unlock' | 'changePin' | 'language' | 'auditVerify' | 'auditExport' | 'crlImport' | 'keyRotation' | 'zoneSwitch';

/** One token's certificates as last asked. A failure stays with its token, not in lastError. */
export type CertificateLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly certificates: readonly TokenCertificate[] }
  | { readonly status: 'failed'; readonly error: IpcError };

/** How a request of the Audit screen ended. A failure stays in its own section, not in lastError. */
export type Outcome<T> = { readonly status: 'done'; readonly value: T } | { readonly status: 'failed'; readonly error: IpcError };

/** A written report: where the core put it, how many entries, and which days it covers (said with the path). */
export type AuditExport = z.output<typeof AuditExportResult> & { readonly range: AuditRange };

/**
 * What the Audit screen last asked and was told. Null: not asked since the last unlock. A lock
 * empties it all, so no audit data stays in the renderer while the workstation is locked.
 */
export interface AuditView {
  /** The filter of the last query: the table, its caption and the export follow it, not unsent edits in the form. */
  readonly filter: AuditFilter | null;
  readonly entries: { readonly status: 'loading' } | Outcome<readonly AuditEntryView[]> | null;
  /** Cleared when a new check starts: an old verdict is never shown as if it were current. */
  readonly verdict: Outcome<AuditVerdict> | null;
  readonly exported: Outcome<AuditExport> | null;
}

const NO_AUDIT: AuditView = { filter: null, entries: null, verdict: null, exported: null };

export interface AirlockState {
  readonly language: Language;
  /** Null until the core has answered: the UI shows neither screens nor the lock button before that. */
  readonly session: SessionState | null;
  /** Null until the core has answered; the banners then show "no zone, unclassified" (fail closed). */
  readonly zones: ZoneStatus | null;
  readonly appInfo: AppInfo | null;
  /** The tokens plugged in, as the core last said; null until it has answered. */
  readonly tokens: readonly TokenSummary[] | null;
  /** Restarting after its process died: the lock screen says so instead of "plug your token in". */
  readonly tokenService: TokenServiceStatus | null;
  /**
   * Keyed by tokenKey (serial + label). A token that leaves the list loses its entry, and a lock
   * empties it all: a verdict seen before is never shown as if it were current.
   */
  readonly certificates: Readonly<Partial<Record<string, CertificateLoad>>>;
  readonly audit: AuditView;
  /** How the last CRL import ended; null while one runs, and after a lock (an old result is not news). */
  readonly crlImport: CrlImport | null;
  /** The data key rotation this window started; null before one, and after a lock (as crlImport). */
  readonly keyRotation: KeyRotation | null;
  /** Policy, zones, cool-down, watchdog alerts; null until the core has answered. Kept while locked (the lock screen shows it). */
  readonly zonesOverview: ZonesOverview | null;
  /** The switch this window asked for, shown until dismissed: it outlives the lock it causes. */
  readonly zoneSwitch: ZoneSwitchView | null;
  /** The Documents screen; emptied at every lock (the core wipes the plaintext then too). */
  readonly documents: DocumentsState;
  /** Colleagues' directory and the encryption job this window started; emptied at lock like documents. */
  readonly encryption: EncryptionState;
  /** The watchdog's newest alert, shown over every screen (locked or not) until acknowledged. */
  readonly watchdogAlert: WatchdogAlert | null;
  readonly screen: ScreenId;
  readonly lastError: IpcError | null;
  readonly busy: Readonly<Record<BusyAction, boolean>>;

  /** Subscribes to the core's events, then loads everything; returns the unsubscribe. */
  readonly start: () => () => void;
  readonly refresh: () => Promise<void>;
  readonly lock: () => Promise<void>;
  /**
   * PINs pass through as arguments only: never kept in the state, never logged. No PIN means the
   * reader's own PIN pad. Never retried: each attempt may use up one of the token's tries.
   */
  readonly unlock: (token: TokenRef, pin?: string) => Promise<void>;
  /** True when the core confirmed the change; false on any failure (then lastError says why). */
  readonly changePin: (token: TokenRef, oldPin: string, newPin: string) => Promise<boolean>;
  /** Asks the core for the certificates on `token` and their verdicts; the last request per token wins. */
  readonly loadCertificates: (token: TokenRef) => Promise<void>;
  readonly setLanguage: (language: Language) => Promise<void>;
  /** Asks for the entries `filter` selects; the last query wins. A filter whose days make no range asks nothing (the form says why). */
  readonly queryAudit: (filter: AuditFilter) => Promise<void>;
  /** Walks the whole log and its signed checkpoints; a second click while it runs does nothing. */
  readonly verifyAudit: () => Promise<void>;
  /** Has the core write a report of `range` signed on the token; never twice at once (each is logged and signed). */
  readonly exportAudit: (range: AuditRange) => Promise<void>;
  /**
   * Has the core check and keep the CRL in `file` (see crl-import.ts); one at a time. A stored
   * CRL makes every token's certificates be asked for again, so the verdicts follow it.
   */
  readonly importCrl: (file: Blob) => Promise<void>;
  /**
   * Has the core re-encrypt the saved data under a new key (see key-rotation.ts); one at a time.
   * Progress comes as events; ends finished, stopped (resumable) or failed.
   */
  readonly rotateDataKey: () => Promise<void>;
  /** Asks the core to stop after the batch under way; the rotation's own reply then says "stopped". */
  readonly stopRotation: () => Promise<void>;
  readonly loadZones: () => Promise<void>;
  /** Token + PIN + reason; the workstation locks during the switch. The PIN is an argument only. */
  readonly switchZone: (zone: string, reason: string, token: TokenRef, pin?: string) => Promise<void>;
  readonly dismissZoneSwitch: () => void;
  readonly acknowledgeWatchdog: () => void;
  readonly chooseDocument: () => Promise<void>;
  /** A path typed by the user (shells without a native dialog); main checks it. */
  readonly openDocument: (path: string) => Promise<void>;
  readonly showDocument: () => Promise<void>;
  /** Asks main for the recent list (sealed there; readable while unlocked). */
  readonly loadRecentDocuments: () => Promise<void>;
  /** Takes one path (null: every entry) off the recent list; the files stay where they are. */
  readonly forgetRecentDocument: (path: string | null) => Promise<void>;
  readonly closeDocument: () => Promise<void>;
  /** null: ask the shell's save dialog. */
  readonly exportDocument: (path: string | null) => Promise<void>;
  /** The container too large for the viewer, decrypted to `path` (null: the save dialog) as a job. */
  readonly decryptDocumentToFile: (path: string | null) => Promise<void>;
  readonly cancelDecryption: () => Promise<void>;
  readonly dismissTooLarge: () => void;
  readonly loadDirectory: () => Promise<void>;
  readonly importColleague: (file: Blob) => Promise<void>;
  readonly encryptDocument: (form: EncryptionForm) => Promise<void>;
  readonly cancelEncryption: () => Promise<void>;
  readonly dismissEncryption: () => void;
  /** The encrypt form's file field (typed, or a dropped file's path). */
  readonly setEncryptSource: (path: string) => void;
  /** Files dropped on the Documents screen: a container opens, another file goes to the encrypt form (document-drop.ts). */
  readonly dropDocuments: (items: readonly DroppedItem[]) => Promise<DropOutcome | null>;
  readonly showScreen: (screen: ScreenId) => void;
  readonly dismissError: () => void;
}

export type AirlockStore = StoreApi<AirlockState>;

/** What a thrown or rejected call becomes: the bridge itself failed, so the core is unreachable. */
const UNAVAILABLE: IpcError = { code: 'ipc.unavailable', messageKey: 'error.ipc.unavailable' };

async function settle<T>(call: () => Promise<Reply<T>>): Promise<Reply<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: UNAVAILABLE };
  }
}

/** Parts of the state that both replies and events write. */
type Fed = 'session' | 'zones' | 'language' | 'tokens' | 'tokenService';

/**
 * The renderer's single source of UI state. The api comes in as a parameter (no module-level
 * singleton), so tests can drive the store with a fake bridge under plain Node.
 */
export function createAirlockStore(api: AirlockApi): AirlockStore {
  // An event that arrives while a request is in flight is newer than that request's reply;
  // counting events per field lets a late reply see that it is stale and drop itself.
  const eventCount: Record<Fed, number> = { session: 0, zones: 0, language: 0, tokens: 0, tokenService: 0 };
  // The request whose reply may still be applied, per token: a newer request, a lock or the
  // token's removal takes its ticket away, and the late reply then drops itself.
  const certificateTickets = new Map<string, symbol>();
  // Same for the audit query: only the newest may land, and a lock takes its ticket away.
  let auditTicket: symbol | null = null;
  // Bumped by every lock: a verdict, an export, a CRL import or a key rotation answered for the session before is dropped.
  let lockCount = 0;

  return createStore<AirlockState>()((set, get) => {
    function setBusy(action: BusyAction, value: boolean): void {
      set((state) => ({ busy: { ...state.busy, [action]: value } }));
    }

    /**
     * Runs one call; a failure becomes lastError (details such as pinTries included), a success is
     * applied unless an event overtook it. Says whether the call succeeded.
     */
    async function run<T>(field: Fed | null, call: () => Promise<Reply<T>>, apply: (value: T) => Partial<AirlockState>): Promise<boolean> {
      const seen = field === null ? 0 : eventCount[field];
      const reply = await settle(call);
      if (!reply.ok) {
        set({ lastError: reply.error });
        return false;
      }
      if (field === null || eventCount[field] === seen) set(apply(reply.value));
      return true;
    }

    function setCertificates(key: string, load: CertificateLoad): void {
      set((state) => ({ certificates: { ...state.certificates, [key]: load } }));
    }

    /** Keeps the certificate entries (and pending requests) of the tokens that `keep` accepts. */
    function keepCertificates(keep: (key: string) => boolean): Pick<AirlockState, 'certificates'> {
      for (const key of certificateTickets.keys()) if (!keep(key)) certificateTickets.delete(key);
      return { certificates: Object.fromEntries(Object.entries(get().certificates).filter(([key]) => keep(key))) };
    }

    function withSession(session: SessionState): Partial<AirlockState> {
      if (!session.locked) return { session };
      auditTicket = null;
      lockCount += 1;
      // The recent list names files and signers: it goes with the lock too.
      return { session, ...keepCertificates(() => false), audit: NO_AUDIT, crlImport: null, keyRotation: null, documents: NO_DOCUMENTS, encryption: NO_ENCRYPTION };
    }

    function setAudit(part: Partial<AuditView>): void {
      set((state) => ({ audit: { ...state.audit, ...part } }));
    }

    /** Sets what `call` answered, unless a lock came in between (then the answer belongs to nobody). */
    async function auditCall<T>(call: () => Promise<Reply<T>>, apply: (outcome: Outcome<T>) => Partial<AuditView>): Promise<void> {
      const locks = lockCount;
      const reply = await settle(call);
      if (locks !== lockCount) return;
      setAudit(apply(reply.ok ? { status: 'done', value: reply.value } : { status: 'failed', error: reply.error }));
    }

    function withTokens(tokens: readonly TokenSummary[]): Partial<AirlockState> {
      const present = new Set(tokens.map((token) => tokenKey(token.ref)));
      return { tokens, ...keepCertificates((key) => present.has(key)) };
    }

    /** Busy flags make a double click a no-op instead of a second request (which could cost a PIN try). */
    async function exclusive(action: BusyAction, work: () => Promise<unknown>): Promise<void> {
      if (get().busy[action]) return;
      setBusy(action, true);
      try {
        await work();
      } finally {
        setBusy(action, false);
      }
    }

    const rotation = keyRotationActions({
      rotate: (job) => settle(() => api.store.rotateDataKey({ job })),
      cancel: () => settle(() => api.store.cancelRotation({})),
      exclusive: (work) => exclusive('keyRotation', work),
      locks: () => lockCount,
      current: () => get().keyRotation,
      show: (keyRotation) => {
        set({ keyRotation });
      },
      fail: (lastError) => {
        set({ lastError });
      },
    });

    const zoneActions = zoneSwitchActions({
      overview: () => settle(() => api.zones.overview({})),
      send: (request) => settle(() => api.zones.switch(request)),
      exclusive: (work) => exclusive('zoneSwitch', work),
      current: () => get().zoneSwitch,
      show: (zoneSwitch) => {
        set({ zoneSwitch });
      },
      showOverview: (zonesOverview) => {
        set({ zonesOverview });
      },
      currentOverview: () => get().zonesOverview,
      raise: (watchdogAlert) => {
        set({ watchdogAlert });
      },
    });

    const documents = documentActions({
      chooseOpen: () => settle(() => api.files.chooseOpen({ purpose: 'container' })),
      chooseSave: (suggestedName) => settle(() => api.files.chooseSave({ suggestedName })),
      open: (path) => settle(() => api.documents.open({ path })),
      view: (viewId) => settle(() => api.documents.view({ viewId })),
      close: (viewId) => settle(() => api.documents.close({ viewId })),
      export: (viewId, path) => settle(() => api.documents.export({ viewId, path })),
      recent: () => settle(() => api.documents.recent({})),
      forgetRecent: (path) => settle(() => api.documents.forgetRecent(path === null ? { all: true } : { path })),
      decrypt: (source, output, job) => settle(() => api.documents.decrypt({ source, output, job })),
      cancelDecryption: (job) => settle(() => api.documents.cancelDecryption({ job })),
      current: () => get().documents,
      show: (state) => {
        set({ documents: state });
      },
      fail: (lastError) => {
        set({ lastError });
      },
    });

    const encryption = encryptionActions({
      list: () => settle(() => api.directory.list({})),
      addColleague: (certificate) => settle(() => api.directory.import({ certificate })),
      encrypt: (form, job) => settle(() => api.documents.encrypt({ source: form.source, output: form.output, recipients: [...form.recipients], label: { level: form.level, caveats: [...form.caveats], declassifyOn: form.declassifyOn }, job })),
      cancel: (job) => settle(() => api.documents.cancelEncryption({ job })),
      current: () => get().encryption,
      show: (state) => {
        set({ encryption: state });
      },
      fail: (lastError) => {
        set({ lastError });
      },
    });

    return {
      language: DEFAULT_LANGUAGE,
      session: null,
      zones: null,
      appInfo: null,
      tokens: null,
      tokenService: null,
      certificates: {},
      audit: NO_AUDIT,
      crlImport: null,
      keyRotation: null,
      zonesOverview: null,
      zoneSwitch: null,
      watchdogAlert: null,
      documents: NO_DOCUMENTS,
      encryption: NO_ENCRYPTION,
      screen: DEFAULT_SCREEN,
      lastError: null,
      busy: { refresh: false, lock: false, unlock: false, changePin: false, language: false, auditVerify: false, auditExport: false, crlImport: false, keyRotation: false, zoneSwitch: false },

      start: () => {
        const unsubscribe = [
          api.events.on('session.changed', (session) => {
            eventCount.session += 1;
            set(withSession(session));
          }),
          api.events.on('zones.changed', (zones) => {
            eventCount.zones += 1;
            set({ zones });
            void zoneActions.load();
          }),
          api.events.on('zones.progress', zoneActions.progressed),
          api.events.on('zones.alert', zoneActions.alerted),
          api.events.on('documents.progress', encryption.progressed),
          api.events.on('documents.finished', encryption.finished),
          api.events.on('documents.progress', documents.decryptionProgressed),
          api.events.on('documents.finished', documents.decryptionFinished),
          api.events.on('settings.changed', (settings) => {
            eventCount.language += 1;
            set({ language: settings.language });
          }),
          // Plugging a token in or pulling it out updates the lock screen while it is shown.
          api.events.on('tokens.changed', (tokens) => {
            eventCount.tokens += 1;
            set(withTokens(tokens));
          }),
          api.events.on('tokenService.changed', (tokenService) => {
            eventCount.tokenService += 1;
            set({ tokenService });
          }),
          // Counts of the rotation this window runs; any other count is dropped (key-rotation.ts).
          api.events.on('store.rotation', rotation.progressed),
        ];
        void get().refresh();
        return () => {
          for (const off of unsubscribe) off();
        };
      },

      refresh: () =>
        exclusive('refresh', async () => {
          set({ lastError: null });
          await Promise.all([
            run(null, () => api.app.info({}), (appInfo) => ({ appInfo })),
            run('language', () => api.settings.get({}), (settings) => ({ language: settings.language })),
            run('zones', () => api.zones.status({}), (zones) => ({ zones })),
            zoneActions.load(),
            run('session', () => api.session.state({}), withSession),
            run('tokens', () => api.token.list({}), withTokens),
            run('tokenService', () => api.token.service({}), (tokenService) => ({ tokenService })),
          ]);
        }),

      lock: () =>
        exclusive('lock', async () => {
          set({ lastError: null });
          await run('session', () => api.session.lock({}), withSession);
        }),

      unlock: (token, pin) =>
        exclusive('unlock', async () => {
          set({ lastError: null });
          // Only the two fields the contract names: its strict schema refuses anything more.
          const ref = { serial: token.serial, label: token.label };
          await run('session', () => api.session.unlock(pin === undefined ? { token: ref } : { token: ref, pin }), withSession);
        }),

      changePin: async (token, oldPin, newPin) => {
        let changed = false;
        await exclusive('changePin', async () => {
          set({ lastError: null });
          const ref = { serial: token.serial, label: token.label };
          changed = await run(null, () => api.token.changePin({ token: ref, oldPin, newPin }), () => ({}));
        });
        return changed;
      },

      loadCertificates: async (token) => {
        const key = tokenKey(token);
        const ticket = Symbol(key);
        certificateTickets.set(key, ticket);
        // A reload leaves a list up until the new one comes, so the section does not flicker; an
        // error gives way at once, so a retry is seen to do something.
        if (get().certificates[key]?.status !== 'loaded') setCertificates(key, { status: 'loading' });
        const ref = { serial: token.serial, label: token.label };
        const reply = await settle(() => api.token.certificates({ token: ref }));
        if (certificateTickets.get(key) !== ticket) return;
        certificateTickets.delete(key);
        setCertificates(key, reply.ok ? { status: 'loaded', certificates: reply.value } : { status: 'failed', error: reply.error });
      },

      // The core owns the setting (it needs the language too); the UI shows what the core answers.
      // An earlier error stays up, so it can be read again in the other language.
      setLanguage: (language) =>
        exclusive('language', async () => {
          await run('language', () => api.settings.setLanguage({ language }), (settings) => ({ language: settings.language }));
        }),

      queryAudit: async (filter) => {
        const query = auditQueryOf(filter);
        if (query === null) return;
        const ticket = Symbol('audit.query');
        auditTicket = ticket;
        // The rows of another filter would be misread as this one's, so they go at once. A report
        // already written stays up: it names its own days, and its path is still needed.
        setAudit({ filter, entries: { status: 'loading' } });
        const reply = await settle(() => api.audit.query(query));
        if (auditTicket !== ticket) return;
        auditTicket = null;
        setAudit({ entries: reply.ok ? { status: 'done', value: reply.value } : { status: 'failed', error: reply.error } });
      },

      verifyAudit: () =>
        exclusive('auditVerify', async () => {
          setAudit({ verdict: null });
          await auditCall(() => api.audit.verify({}), (verdict) => ({ verdict }));
        }),

      exportAudit: (range) =>
        exclusive('auditExport', async () => {
          setAudit({ exported: null });
          // Only the two fields the contract names: its strict schema refuses anything more.
          await auditCall(
            () => api.audit.export({ from: range.from, to: range.to }),
            (outcome) => ({ exported: outcome.status === 'done' ? { status: 'done', value: { ...outcome.value, range } } : outcome }),
          );
        }),

      importCrl: crlImporter({
        send: (crl) => settle(() => api.certificates.importCrl({ crl })),
        exclusive: (work) => exclusive('crlImport', work),
        locks: () => lockCount,
        show: (crlImport) => {
          set({ crlImport });
        },
        recheck: () => {
          for (const token of get().tokens ?? []) void get().loadCertificates(token.ref);
        },
      }),

      loadZones: zoneActions.load,
      switchZone: zoneActions.switchTo,
      dismissZoneSwitch: zoneActions.dismiss,
      acknowledgeWatchdog: () => {
        set({ watchdogAlert: null });
      },
      chooseDocument: () => {
        set({ lastError: null });
        return documents.chooseAndOpen();
      },
      openDocument: (path) => {
        set({ lastError: null });
        return documents.openPath(path);
      },
      showDocument: documents.showContent,
      loadRecentDocuments: documents.loadRecent,
      forgetRecentDocument: (path) => {
        set({ lastError: null });
        return documents.forgetRecent(path);
      },
      loadDirectory: encryption.loadDirectory,
      importColleague: (file) => {
        set({ lastError: null });
        return encryption.addColleague(file);
      },
      encryptDocument: (form) => {
        set({ lastError: null });
        return encryption.encrypt(form);
      },
      cancelEncryption: encryption.cancel,
      dismissEncryption: encryption.dismiss,
      setEncryptSource: encryption.setSource,
      dropDocuments: (items) => {
        set({ lastError: null });
        return dropDocuments(items, {
          // A bridge that throws is one that cannot say: the typed-path fields still work.
          pathOf: (file) => api.files.pathOf(file).catch(() => null),
          open: documents.openPath,
          encryptSource: encryption.setSource,
        });
      },
      closeDocument: documents.close,
      exportDocument: (path) => {
        set({ lastError: null });
        return documents.exportTo(path);
      },
      decryptDocumentToFile: (path) => {
        set({ lastError: null });
        return documents.decryptToFile(path);
      },
      cancelDecryption: documents.cancelDecryption,
      dismissTooLarge: documents.dismissTooLarge,
      rotateDataKey: rotation.rotate,
      stopRotation: rotation.stop,

      showScreen: (screen) => {
        set({ screen });
      },
      dismissError: () => {
        set({ lastError: null });
      },
    };
  });
}
