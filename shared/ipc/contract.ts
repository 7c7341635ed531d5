import { z } from 'zod';
import { defineChannel, type ChannelName } from './channel.js';
import { SessionState } from '../domain/session.js';
import { PolicyState, StepProgress, SwitchRequest, WatchdogAlert, ZonesOverview, ZoneStatus } from '../domain/zone.js';
import { Language } from '../domain/language.js';
import { Pin, TokenRef, TokenServiceStatus, TokenSummary } from '../domain/token.js';
import { CrlImportOutcome, CrlImportRequest, TokenCertificate } from '../domain/certificate.js';
import { AuditEntryView, AuditExportResult, AuditQuery, AuditVerdict } from '../domain/audit.js';
import { DecryptionRequest, DirectoryEntryView, DirectoryImportOutcome, DocumentReport, EncryptionProgress, EncryptionRequest, ForgetRecentRequest, LocalPath, RecentDocumentView, ViewRequest } from '../domain/document.js';
import { JobId, JobStart } from '../domain/job.js';
import { IpcError } from './errors.js';

/** Requests without parameters still must be exactly `{}`: strict objects reject smuggled fields. */
const NoParams = z.strictObject({});

export const AppInfo = z.strictObject({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'chromium']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Settings = z.strictObject({ language: Language });
export type Settings = z.infer<typeof Settings>;

/**
 * The whole IPC surface. Adding a channel here, a handler in the main process and (if the UI
 * needs it) a store action is all it takes; the preload and the Chromium shell pick it up.
 */
export const contract = {
  app: {
    info: defineChannel(NoParams, AppInfo),
  },
  session: {
    state: defineChannel(NoParams, SessionState),
    lock: defineChannel(NoParams, SessionState),
    /** Unlock = token + PIN. No PIN means the reader's PIN pad (protected authentication path). */
    unlock: defineChannel(z.strictObject({ token: TokenRef, pin: Pin.optional() }), SessionState),
  },
  settings: {
    get: defineChannel(NoParams, Settings),
    setLanguage: defineChannel(z.strictObject({ language: Language }), Settings),
  },
  token: {
    list: defineChannel(NoParams, z.array(TokenSummary)),
    changePin: defineChannel(z.strictObject({ token: TokenRef, oldPin: Pin, newPin: Pin }), z.strictObject({ changed: z.literal(true) })),
    certificates: defineChannel(z.strictObject({ token: TokenRef }), z.array(TokenCertificate)),
    /** Whether the token service is restarting after its process died (the lock screen says so). */
    service: defineChannel(NoParams, TokenServiceStatus),
  },
  zones: {
    status: defineChannel(NoParams, ZoneStatus),
    /** Policy, zones, the live one, cool-down, the last switch and the watchdog's alerts (also for the lock screen). */
    overview: defineChannel(NoParams, ZonesOverview),
    /**
     * Only from the switch dialog: token + PIN + reason. Locks the workstation, then runs the
     * steps ('zones.progress' events); unlocking afterwards opens the new zone's data.
     */
    switch: defineChannel(SwitchRequest, ZoneStatus),
    reloadPolicy: defineChannel(NoParams, PolicyState),
  },
  certificates: {
    /** Stores a CRL (after checking its signature against a known CA) for offline revocation checks. */
    importCrl: defineChannel(CrlImportRequest, CrlImportOutcome),
  },
  store: {
    /**
     * Re-encrypts every record of the open stores under a new data key (settings and the active
     * zone's; the audit file keeps its own). Progress arrives as 'store.rotation' events; a
     * cancelled or crashed rotation resumes on the next call.
     */
    rotateDataKey: defineChannel(z.strictObject(JobStart), z.strictObject({ finished: z.boolean(), records: z.number().int().nonnegative() })),
    cancelRotation: defineChannel(NoParams, z.strictObject({ cancelled: z.boolean() })),
  },
  files: {
    /** The shell's own dialog (Electron); `available: false` in a shell without one. Null path: cancelled. */
    chooseOpen: defineChannel(z.strictObject({ purpose: z.enum(['container', 'plaintext']) }), z.strictObject({ available: z.boolean(), path: z.string().nullable() })),
    chooseSave: defineChannel(z.strictObject({ suggestedName: z.string().max(255) }), z.strictObject({ available: z.boolean(), path: z.string().nullable() })),
  },
  directory: {
    /** Colleagues' encryption certificates, Vietnamese collation, with their status now. */
    list: defineChannel(NoParams, z.array(DirectoryEntryView)),
    /** A colleague's certificate (PEM or DER, base64), kept only if it validates for encryption. */
    import: defineChannel(z.strictObject({ certificate: z.base64().max(200_000) }), DirectoryImportOutcome),
    remove: defineChannel(z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/) }), z.strictObject({ removed: z.boolean() })),
  },
  documents: {
    /**
     * Opens a received container (a path from a dialog or a drop): refused by label above the
     * live zone's ceiling, then every check; the plaintext stays in main under the report's viewId.
     */
    open: defineChannel(z.strictObject({ path: LocalPath }), DocumentReport),
    /** The plaintext for the in-app viewer (memory only), gated by the live zone again. */
    view: defineChannel(ViewRequest, z.strictObject({ mediaType: z.string(), data: z.base64() })),
    /** Wipes the plaintext; the app also wipes every view at lock. */
    close: defineChannel(ViewRequest, z.strictObject({ closed: z.boolean() })),
    /** Starts an encryption job (progress and end arrive as events); checked at once: paths, level, recipients. */
    encrypt: defineChannel(EncryptionRequest, z.strictObject({ job: z.string() })),
    cancelEncryption: defineChannel(z.strictObject({ job: JobId }), z.strictObject({ cancelled: z.boolean() })),
    /** A container too large for the viewer, decrypted to a file as a job (progress, cancel, finished events); an export, so policy and zone decide. */
    decrypt: defineChannel(DecryptionRequest, z.strictObject({ job: z.string() })),
    cancelDecryption: defineChannel(z.strictObject({ job: JobId }), z.strictObject({ cancelled: z.boolean() })),
    /** Plaintext to disk: explicit, audited, refused for levels the zone policy does not allow. */
    export: defineChannel(z.strictObject({ viewId: ViewRequest.shape.viewId, path: LocalPath }), z.strictObject({ path: z.string() })),
    /** Containers opened successfully, newest first (at most 20), from the sealed settings store. */
    recent: defineChannel(NoParams, z.array(RecentDocumentView)),
    /** Takes one entry (by path) or every entry off the list; the files themselves are untouched. */
    forgetRecent: defineChannel(ForgetRecentRequest, z.strictObject({ removed: z.number().int().nonnegative() })),
  },
  audit: {
    query: defineChannel(AuditQuery, z.array(AuditEntryView)),
    verify: defineChannel(NoParams, AuditVerdict),
    /** Writes a report signed by the token for the inspector; answers where it is. */
    export: defineChannel(z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() }), AuditExportResult),
  },
} as const;

export type Contract = typeof contract;
export type AirlockChannel = ChannelName<Contract>;

/** How an encryption job ended; its error is an IPC error like any reply's. */
const EncryptionFinished = z.discriminatedUnion('ok', [
  z.strictObject({ job: z.string(), ok: z.literal(true), output: z.string() }),
  z.strictObject({ job: z.string(), ok: z.literal(false), error: IpcError }),
]);

/** Pushed from main to renderer; the renderer never sends these. */
export const events = {
  'session.changed': SessionState,
  'settings.changed': Settings,
  'zones.changed': ZoneStatus,
  'zones.progress': StepProgress,
  'zones.alert': WatchdogAlert,
  'documents.progress': EncryptionProgress,
  'documents.finished': EncryptionFinished,
  'tokens.changed': z.array(TokenSummary),
  'tokenService.changed': TokenServiceStatus,
  'store.rotation': z.strictObject({ job: z.string(), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
