import { z } from 'zod';
import { DecryptionRequest, DocumentReport, InboxListing, EncryptionProgress, EncryptionRequest, ForgetRecentRequest, LocalPath, RecentDocumentView, ViewRequest } from '../../domain/document.js';
import { JobId } from '../../domain/job.js';
import { defineChannel } from '../channel.js';
import { IpcError } from '../errors.js';
import { NoParams } from './no-params.js';

/** Documents: received containers (open, view, export, decrypt to a file), encrypting, the recent list, the shell's file dialogs. */
export const documentsChannels = {
  files: {
    /**
     * The shell's own dialog (Electron); `available: false` in a shell without one (the renderer
     * then uses the browser's chooser and the bridge's pathOf). No paths: cancelled; 'crl' takes several.
     */
    chooseOpen: defineChannel(z.strictObject({ purpose: z.enum(['container', 'plaintext', 'crl']) }), z.strictObject({ available: z.boolean(), paths: z.array(z.string()) })),
    chooseSave: defineChannel(z.strictObject({ suggestedName: z.string().max(255) }), z.strictObject({ available: z.boolean(), path: z.string().nullable() })),
    /** Asked once per screen: whether the shell has its own dialogs, and the folders main writes to and lists (document-folders.ts). */
    places: defineChannel(NoParams, z.strictObject({ dialogs: z.boolean(), exports: z.string(), inbox: z.string() })),
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
    /** The received containers waiting in the inbox folder (AIRLOCK_INBOX_DIR), newest first; read by main only. */
    inbox: defineChannel(NoParams, InboxListing),
    /** Containers opened successfully, newest first (at most 20), from the sealed settings store. */
    recent: defineChannel(NoParams, z.array(RecentDocumentView)),
    /** Takes one entry (by path) or every entry off the list; the files themselves are untouched. */
    forgetRecent: defineChannel(ForgetRecentRequest, z.strictObject({ removed: z.number().int().nonnegative() })),
  },
} as const;

/** How a document job ended; its error is an IPC error like any reply's. */
const EncryptionFinished = z.discriminatedUnion('ok', [
  z.strictObject({ job: z.string(), ok: z.literal(true), output: z.string() }),
  z.strictObject({ job: z.string(), ok: z.literal(false), error: IpcError }),
]);

/** Both document jobs (encrypt, decrypt to a file) send these, under the id the window chose. */
export const documentsEvents = {
  'documents.progress': EncryptionProgress,
  'documents.finished': EncryptionFinished,
} as const;
