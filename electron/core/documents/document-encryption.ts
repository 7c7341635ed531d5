import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Classification } from '../../../shared/domain/classification.js';
import { ipcError, type IpcError } from '../../../shared/ipc/errors.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { ColleagueDirectory } from '../certificates/directory.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';
import { tokenKeyHolders } from '../token/token-key-holders.js';
import type { TokenService } from '../token/token-service.js';
import type { ZoneService } from '../zones/zone-service.js';
import { encryptContainer } from './container-writer.js';
import { readablePath, writablePath } from './document-paths.js';
import { withErrorCode } from './document-service.js';

export interface EncryptionRequest {
  readonly source: string;
  readonly output: string;
  /** Colleagues by certificate fingerprint, from the directory; each must be valid now. */
  readonly recipients: readonly string[];
  readonly label: { readonly level: Classification; readonly caveats: readonly string[]; readonly declassifyOn: string | null };
}

export interface EncryptionJobsOptions {
  readonly tokens: TokenService | undefined;
  readonly zones: ZoneService;
  readonly directory: ColleagueDirectory;
  readonly audit: AuditTrail;
  readonly events: EventBus;
  /** The sender's intermediates, embedded so recipients can build the chain. */
  readonly intermediates: () => readonly Uint8Array[];
  readonly now?: () => Date;
}

/** Progress at most this often: a 4 GiB file would otherwise send 65 536 events. */
const PROGRESS_EVERY_MS = 200;

/**
 * Encrypting a document is a job: checked at once (paths, level against the live zone, every
 * recipient valid in the directory), then streamed with progress events and a cancel; it ends with
 * a 'documents.finished' event. The sender's own certificate and the policy's recovery certificate
 * are recipients too, so the sender and the organisation can open it later.
 */
export class DocumentEncryptionJobs {
  readonly #running = new Map<string, AbortController>();

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
    const [holder] = await tokenKeyHolders(tokens, signerToken.ref);
    if (holder === undefined) throw new DomainError('token.keyNotFound');
    const recovery = zones.recoveryCertificate();
    const all = [holder.certificateDer, ...recipients, ...(recovery === undefined ? [] : [recovery])];
    const signerInfo = certificateInfo(holder.certificateDer);
    const size = (await stat(source)).size;

    const job = randomBytes(16).toString('hex');
    const controller = new AbortController();
    this.#running.set(job, controller);
    const details = { file: path.basename(source), level: request.label.level, recipients: all.length };
    let lastProgress = 0;
    void encryptContainer({
      source: createReadStream(source, { highWaterMark: 1024 * 1024 }),
      output,
      label: { level: request.label.level, caveats: [...request.label.caveats], originator: signerInfo.subject.organization ?? signerInfo.subject.display, date: (this.options.now?.() ?? new Date()).toISOString().slice(0, 10), declassifyOn: request.label.declassifyOn },
      metadata: { fileName: path.basename(source), mediaType: mediaTypeOf(source) },
      recipients: all,
      signer: holder.signer,
      chain: [...this.options.intermediates()],
      sizeHint: size,
      signal: controller.signal,
      onProgress: (done) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        this.options.events.emit('documents.progress', { job, done, total: size });
      },
    }).then(
      (result) => {
        this.#running.delete(job);
        audit.record('document.encrypted', 'ok', { ...details, bytes: result.plaintextBytes });
        this.options.events.emit('documents.progress', { job, done: size, total: size });
        this.options.events.emit('documents.finished', { job, ok: true, output: result.output });
      },
      (error: unknown) => {
        this.#running.delete(job);
        const failure = toIpcError(error);
        audit.record('document.encrypted', failure.code === 'document.cancelled' ? 'refused' : 'failed', { ...details, code: failure.code });
        this.options.events.emit('documents.finished', { job, ok: false, error: failure });
      },
    );
    return { job };
  }

  cancel(job: string): boolean {
    const controller = this.#running.get(job);
    controller?.abort();
    return controller !== undefined;
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

function toIpcError(error: unknown): IpcError {
  const coded = withErrorCode(error);
  if (coded instanceof DomainError) return ipcError(coded.code, coded.details);
  const code = (error as NodeJS.ErrnoException).code;
  return ipcError(code === 'ENOSPC' || code === 'EDQUOT' ? 'store.diskFull' : 'ipc.internal');
}

const MEDIA_TYPES: Readonly<Record<string, string>> = { '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

/** By extension only: the bytes are never sniffed (the viewer decides what it can show). */
function mediaTypeOf(file: string): string {
  return MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
