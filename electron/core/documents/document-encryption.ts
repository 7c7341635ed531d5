import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Classification } from '../../../shared/domain/classification.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { ColleagueDirectory } from '../directory/colleague-directory.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { DomainError } from '../domain-error.js';
import { tokenKeyHolders, unattendedKeyHolders } from '../token/token-key-holders.js';
import type { TokenService } from '../token/token-service.js';
import type { ZoneService } from '../zones/zone-service.js';
import { encryptContainer } from './container-writer.js';
import type { DocumentJobRunner } from './document-jobs.js';
import type { PartJournal } from './part-journal.js';
import { readablePath, writablePath } from './document-paths.js';

export interface EncryptionRequest {
  readonly source: string;
  readonly output: string;
  /** Colleagues by certificate fingerprint, from the directory; each must be valid now. */
  readonly recipients: readonly string[];
  readonly label: { readonly level: Classification; readonly caveats: readonly string[]; readonly declassifyOn: string | null };
  /** The renderer's id for the job (document-jobs.ts). */
  readonly job?: string | undefined;
}

export interface EncryptionJobsOptions {
  readonly tokens: TokenService | undefined;
  readonly zones: ZoneService;
  readonly directory: ColleagueDirectory;
  readonly audit: AuditTrail;
  readonly jobs: DocumentJobRunner;
  readonly journal?: PartJournal;
  /** The sender's intermediates, embedded so recipients can build the chain. */
  readonly intermediates: () => readonly Uint8Array[];
  readonly now?: () => Date;
}

/**
 * Encrypting a document is a job: checked at once (paths, level against the live zone, every
 * recipient valid in the directory), then streamed with progress events and a cancel; it ends with
 * a 'documents.finished' event. The sender's own certificate and the policy's recovery certificate
 * are recipients too, so the sender and the organisation can open it later.
 */
export class DocumentEncryptionJobs {
  constructor(private readonly options: EncryptionJobsOptions) {}

  async start(request: EncryptionRequest): Promise<{ job: string }> {
    const { zones, audit } = this.options;
    const source = await readablePath(request.source);
    const output = await writablePath(request.output);
    zones.assertMayHandle(request.label.level, 'send');
    const recipients = await this.#recipients(request.recipients);
    const tokens = this.options.tokens;
    if (tokens === undefined) throw new DomainError('token.noModule');
    const signerToken = tokens.list().find((token) => token.loggedIn);
    if (signerToken === undefined) throw new DomainError('token.notLoggedIn');
    const [holder] = unattendedKeyHolders(await tokenKeyHolders(tokens, signerToken.ref));
    if (holder === undefined) throw new DomainError('token.keyNotFound');
    const recovery = zones.recoveryCertificate();
    const all = [holder.certificateDer, ...recipients, ...(recovery === undefined ? [] : [recovery])];
    const signerInfo = certificateInfo(holder.certificateDer);
    const size = (await stat(source)).size;
    // Another person, not another key of the sender's (a token holds one person's RSA and EC certificates).
    const colleagues = recipients.filter((der) => certificateInfo(der).subject.display !== signerInfo.subject.display).length;

    const details = { file: path.basename(source), level: request.label.level, recipients: all.length, colleagues };
    return this.options.jobs.start(
      request.job,
      async ({ signal, progress }) => {
        const result = await encryptContainer({
          source: { kind: 'file', path: source },
          output,
          label: { level: request.label.level, caveats: [...request.label.caveats], originator: signerInfo.subject.organization ?? signerInfo.subject.display, date: (this.options.now?.() ?? new Date()).toISOString().slice(0, 10), declassifyOn: request.label.declassifyOn },
          metadata: { fileName: path.basename(source), mediaType: mediaTypeOf(source) },
          recipients: all,
          signer: holder.signer,
          chain: [...this.options.intermediates()],
          sizeHint: size,
          ...(this.options.journal === undefined ? {} : { journal: this.options.journal }),
          signal,
          onProgress: (done) => progress(done, size),
        });
        return { output: result.output, bytes: result.plaintextBytes };
      },
      (end) => {
        if (end.ok) audit.record('document.encrypted', 'ok', { ...details, bytes: end.value.bytes });
        else audit.record('document.encrypted', end.error.code === 'document.cancelled' ? 'refused' : 'failed', { ...details, code: end.error.code });
      },
    );
  }

  cancel(job: string): boolean {
    return this.options.jobs.cancel(job);
  }

  async #recipients(fingerprints: readonly string[]): Promise<Uint8Array[]> {
    if (fingerprints.length === 0) throw new DomainError('document.recipientInvalid');
    const certificates: Uint8Array[] = [];
    for (const fingerprint of fingerprints) {
      const entry = await this.options.directory.get(fingerprint);
      // Only a colleague whose certificate validated at the last check may receive.
      if (entry === undefined || entry.validation.status !== 'valid') throw new DomainError('document.recipientInvalid');
      certificates.push(entry.der);
    }
    return certificates;
  }
}

const MEDIA_TYPES: Readonly<Record<string, string>> = { '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

/** By extension only: the bytes are never sniffed (the viewer decides what it can show). */
function mediaTypeOf(file: string): string {
  return MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
