import { z } from 'zod';
import { Classification } from './classification.js';
import { CERTIFICATE_INVALID_REASONS, CertificateInvalidReason } from './certificate.js';
import { JobStart } from './job.js';

/** The classification label of a container, as its header carries it (docs/container.md). */
export const DocumentLabel = z.strictObject({
  level: Classification,
  caveats: z.array(z.string().max(64)).max(16),
  originator: z.string().max(256),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  declassifyOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
});
export type DocumentLabel = z.infer<typeof DocumentLabel>;

/**
 * What opening a container showed, every check passed: who signed (the name as the certificate
 * writes it, Vietnamese included), the label, the recipients. The plaintext stays in the main
 * process under `viewId` until the view is closed or the workstation locks.
 */
export const DocumentReport = z.strictObject({
  viewId: z.string().regex(/^[0-9a-f]{32}$/),
  fileName: z.string().max(1024),
  mediaType: z.string().max(255),
  bytes: z.number().int().nonnegative(),
  label: DocumentLabel,
  /** `name`: the person; `organization`: theirs, when the certificate says; `subject`: RFC 4514, for the technical details. */
  signer: z.strictObject({ name: z.string(), organization: z.string().optional(), subject: z.string(), fingerprint: z.string(), chain: z.literal('valid') }),
  recipients: z.array(z.string()).max(1024),
});
export type DocumentReport = z.infer<typeof DocumentReport>;

/** An absolute path the user chose (dialog or drop); main checks it again. */
export const LocalPath = z.string().min(1).max(4096).refine((value) => value.startsWith('/') || /^[A-Za-z]:\\/.test(value), 'absolute path');

export const ViewRequest = z.strictObject({ viewId: z.string().regex(/^[0-9a-f]{32}$/) });

/**
 * A container opened successfully before, as the recent list keeps it (sealed in the settings
 * store: a classified document's file name is itself sensitive). Reopening goes through
 * `documents.open` and all its checks again.
 */
export const RecentDocumentView = z.strictObject({
  path: z.string().max(4096),
  fileName: z.string().max(1024),
  level: Classification,
  signer: z.string().max(1024),
  openedAt: z.iso.datetime(),
});
export type RecentDocumentView = z.infer<typeof RecentDocumentView>;

/** One entry by its path, or the whole list. */
export const ForgetRecentRequest = z.union([z.strictObject({ path: LocalPath }), z.strictObject({ all: z.literal(true) })]);


/** A colleague in the certificate directory, as the recipient picker lists them. */
export const DirectoryEntryView = z.strictObject({
  fingerprint: z.string(),
  name: z.string(),
  organization: z.string().optional(),
  email: z.string().optional(),
  purpose: z.enum(['encryption', 'keyAgreement']),
  valid: z.boolean(),
  reason: CertificateInvalidReason.optional(),
  notAfter: z.string(),
});
export type DirectoryEntryView = z.infer<typeof DirectoryEntryView>;

export const DirectoryImportOutcome = z.discriminatedUnion('status', [
  z.strictObject({ status: z.enum(['imported', 'duplicate']), entry: DirectoryEntryView }),
  z.strictObject({ status: z.literal('rejected'), reason: z.enum(['malformed', 'isCA', ...CERTIFICATE_INVALID_REASONS]) }),
]);

export const EncryptionRequest = z.strictObject({
  source: LocalPath,
  output: LocalPath,
  recipients: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1).max(1000),
  label: z.strictObject({
    level: Classification,
    caveats: z.array(z.string().trim().min(1).max(64)).max(16),
    declassifyOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  }),
  ...JobStart,
});

/** A received container too large for the viewer, decrypted straight to a file (a plaintext export). */
/**
 * `output`: the file to write; or `folder`: the file is named after the sender's original name
 * (from the signed metadata). Either way a taken name becomes "name (2)"…, never overwritten.
 */
export const DecryptionRequest = z.union([z.strictObject({ source: LocalPath, output: LocalPath, ...JobStart }), z.strictObject({ source: LocalPath, folder: LocalPath, ...JobStart })]);

/** A received container waiting in the inbox folder, as main lists it (nothing is opened for the list). */
export const InboxFile = z.strictObject({ path: z.string().max(4096), name: z.string().max(1024), bytes: z.number().int().nonnegative(), receivedAt: z.iso.datetime() });
export type InboxFile = z.infer<typeof InboxFile>;

/** The inbox folder and its containers, newest first; `present: false`: the folder does not exist (yet). */
export const InboxListing = z.strictObject({ folder: z.string(), present: z.boolean(), files: z.array(InboxFile) });
export type InboxListing = z.infer<typeof InboxListing>;

export const EncryptionProgress = z.strictObject({ job: z.string(), done: z.number().nonnegative(), total: z.number().nonnegative() });
