import path from 'node:path';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';
import { DomainError } from '../domain-error.js';
import type { TokenService } from '../token/token-service.js';
import type { ZoneService } from '../zones/zone-service.js';
import { openContainer } from './container-reader.js';
import type { DocumentJobRunner } from './document-jobs.js';
import type { PartJournal } from './part-journal.js';
import { readablePath, writablePath } from './document-paths.js';
import { prepareOutputFolder, type DocumentFolders } from './document-folders.js';
import { safeFileName } from '../../../shared/domain/file-name.js';
import { recipientKeysOfSession, withErrorCode } from './document-service.js';

/** `output`: the file to write; or `folder`: named after the sender's original file name. */
export type DecryptionRequest = ({ readonly output: string } | { readonly folder: string }) & {
  readonly source: string;
  /** The renderer's id for the job (document-jobs.ts). */
  readonly job?: string | undefined;
};

export interface DecryptionJobsOptions {
  readonly tokens: TokenService | undefined;
  readonly zones: ZoneService;
  readonly audit: AuditTrail;
  readonly jobs: DocumentJobRunner;
  readonly journal?: PartJournal;
  readonly trust: { readonly anchors: TrustAnchors; readonly intermediates: readonly (string | Uint8Array)[]; readonly crls: RevocationSource };
  /** The export folder is made on first use; absent: every folder must exist. */
  readonly folders?: DocumentFolders;
  readonly now?: () => Date;
}

/**
 * A received document too large for the viewer, decrypted straight to a file the user chose: a
 * job with progress and cancel, like encrypting. It is a plaintext export, so the label must be
 * both within the live zone's ceiling and a level the policy lets out as plaintext — checked from
 * the header before any key is used. The file appears only after every chunk and the signature
 * passed; a cancel, a lock or a failure leaves nothing. Audited as document.exported either way.
 */
export class DocumentDecryptionJobs {
  constructor(private readonly options: DecryptionJobsOptions) {}

  async start(request: DecryptionRequest): Promise<{ job: string }> {
    const { zones, audit } = this.options;
    const source = await readablePath(request.source);
    // Into a folder: a placeholder name (the container's) until the signed metadata names the file.
    const named = 'output' in request ? request.output : path.join(request.folder, safeFileName(path.basename(source, path.extname(source)), 'document'));
    await prepareOutputFolder(this.options.folders, named);
    const output = await writablePath(named);
    const keys = await recipientKeysOfSession(this.options.tokens);
    const details: { file: string; target: string; level?: string } = { file: path.basename(source), target: path.basename(output) };
    let signer = '';
    return this.options.jobs.start(
      request.job,
      async ({ signal, progress }) => {
        const opened = await openContainer({
          path: source,
          keys,
          trust: { ...this.options.trust, now: this.options.now ?? (() => new Date()) },
          gate: (label) => {
            details.level = label.level;
            zones.assertMayHandle(label.level, 'export');
            if (!zones.plaintextExportAllowed(label.level)) throw new DomainError('document.exportForbidden');
          },
          sink: { kind: 'file', path: output, nameFromMetadata: !('output' in request), ...(this.options.journal === undefined ? {} : { journal: this.options.journal }) },
          signal,
          onProgress: progress,
        });
        signer = opened.signer.fingerprint;
        const written = opened.outputPath ?? output;
        details.target = path.basename(written);
        return { output: written, bytes: opened.plaintextBytes };
      },
      (end) => {
        if (end.ok) return audit.record('document.exported', 'ok', { ...details, signer, bytes: end.value.bytes });
        // A refusal is a rule or a check saying no; anything else (a full disk, a bug) failed.
        const refused = withErrorCode(end.cause) instanceof DomainError && end.error.code !== 'store.diskFull';
        audit.record('document.exported', refused ? 'refused' : 'failed', { ...details, code: end.error.code });
      },
    );
  }

  cancel(job: string): boolean {
    return this.options.jobs.cancel(job);
  }
}
