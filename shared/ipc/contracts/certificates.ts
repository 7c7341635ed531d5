import { z } from 'zod';
import { CrlFilesOutcome, CrlFilesRequest, CrlImportOutcome, CrlImportRequest } from '../../domain/certificate.js';
import { DirectoryEntryView, DirectoryImportOutcome } from '../../domain/document.js';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

/** Revocation lists and the colleagues' certificate directory. */
export const certificatesChannels = {
  certificates: {
    /** Stores a CRL (after checking its signature against a known CA) for offline revocation checks. */
    importCrl: defineChannel(CrlImportRequest, CrlImportOutcome),
    /** Several CRL files by path, each checked, kept and audited on its own; each reported. */
    importCrlFiles: defineChannel(CrlFilesRequest, CrlFilesOutcome),
  },
  directory: {
    /** Colleagues' encryption certificates, Vietnamese collation, with their status now. */
    list: defineChannel(NoParams, z.array(DirectoryEntryView)),
    /** A colleague's certificate (PEM or DER, base64), kept only if it validates for encryption. */
    import: defineChannel(z.strictObject({ certificate: z.base64().max(200_000) }), DirectoryImportOutcome),
    remove: defineChannel(z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/) }), z.strictObject({ removed: z.boolean() })),
  },
} as const;
