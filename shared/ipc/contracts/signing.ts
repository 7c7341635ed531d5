import { z } from 'zod';
import { LocalPath } from '../../domain/document.js';
import { JobId } from '../../domain/job.js';
import { SigningPreview, SignatureReport, SignRequest, VerifyRequest } from '../../domain/signature.js';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

/**
 * Document signatures (docs/signing.md): sign a PDF (PAdES) or any file (.p7s) on the unlocked
 * token as a job whose events are the documents' (`documents.progress` / `documents.finished`,
 * under the window's id), and check a received signed PDF or .p7s.
 */
export const signingChannels = {
  signing: {
    /**
     * What this workstation can do: `visible` a visible signature block; `timestamp` a trusted time (the live zone's policy names an authority);
     * `pinPerSignature` the token's signing key asks its PIN for each signature (CKA_ALWAYS_AUTHENTICATE), given with `sign`.
     */
    options: defineChannel(NoParams, z.strictObject({ visible: z.boolean(), timestamp: z.boolean(), pinPerSignature: z.boolean() })),
    /** A chosen file's name and size, and a PDF's bytes for the preview (read by main, never written). */
    preview: defineChannel(z.strictObject({ path: LocalPath }), SigningPreview),
    /** Starts signing; checked at once (paths, token, key). A new file under a free name, never the original. */
    sign: defineChannel(SignRequest, z.strictObject({ job: z.string() })),
    cancel: defineChannel(z.strictObject({ job: JobId }), z.strictObject({ cancelled: z.boolean() })),
    /** Every signature of the file checked against the pinned roots and the cached CRLs; audited. */
    verify: defineChannel(VerifyRequest, SignatureReport),
  },
} as const;
