import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DocumentReport } from '../../../shared/domain/document.js';
import { nameAndOrganisation } from '../../../shared/domain/person-name.js';
import type { ErrorCode } from '../../../shared/ipc/errors.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';
import type { CertificateInvalidReason } from '../certificates/types.js';
import { DomainError } from '../domain-error.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import { tokenKeyHolders, type TokenKeyHolder } from '../token/token-key-holders.js';
import type { TokenService } from '../token/token-service.js';
import type { ZoneService } from '../zones/zone-service.js';
import { AtomicOutput } from './atomic-output.js';
import { ContainerError } from './container-error.js';
import { openContainer } from './container-reader.js';
import { readablePath, writablePath } from './document-paths.js';
import { prepareOutputFolder, type DocumentFolders } from './document-folders.js';
import type { PartJournal } from './part-journal.js';
import type { RecentDocuments } from './recent-documents.js';

/** Plaintext kept for the viewer; larger documents can only be verified or exported. */
export const MAX_VIEW_BYTES = 256 * 1024 * 1024;

interface OpenView {
  readonly report: DocumentReport;
  readonly plaintext: Buffer;
}

export interface DocumentServiceOptions {
  readonly tokens: TokenService | undefined;
  readonly zones: ZoneService;
  readonly audit: AuditTrail;
  readonly session: WorkstationSession;
  readonly trust: { readonly anchors: TrustAnchors; readonly intermediates: readonly (string | Uint8Array)[]; readonly crls: RevocationSource };
  /** Where an export's temporary file is noted while it exists (swept at the next unlock after a crash). */
  readonly journal?: PartJournal;
  /** Where a successful open is remembered; absent: nothing is. */
  readonly recent?: Pick<RecentDocuments, 'remember'>;
  /** The export folder is made on first use; absent: every folder must exist. */
  readonly folders?: DocumentFolders;
  readonly now?: () => Date;
}

/**
 * Received documents: opened into memory only after every check (docs/container.md "Opening"),
 * refused by label above the live zone's ceiling before any key is used, kept for the viewer
 * under a random id, and wiped when the view closes or the workstation locks. Writing plaintext
 * to disk is a separate, audited export that the zone policy may forbid per level.
 */
export class DocumentService {
  readonly #views = new Map<string, OpenView>();

  constructor(private readonly options: DocumentServiceOptions) {
    options.session.onLock(() => this.closeAll());
  }

  async open(candidate: string): Promise<DocumentReport> {
    const file = await readablePath(candidate);
    const keys = await this.#keys();
    let opened;
    try {
      opened = await openContainer({
        path: file,
        keys,
        trust: { ...this.options.trust, now: this.options.now ?? (() => new Date()) },
        // Zone rule first: a label above the ceiling is refused before any key is touched.
        gate: (label) => this.options.zones.assertMayHandle(label.level, 'open'),
        sink: { kind: 'memory', maxBytes: MAX_VIEW_BYTES },
      });
    } catch (error) {
      const refusal = withErrorCode(error);
      if (!(refusal instanceof DomainError)) throw error;
      this.options.audit.record('document.opened', 'refused', { file: path.basename(file), code: refusal.code, ...(refusal.details?.chunk === undefined ? {} : { chunk: refusal.details.chunk }) });
      throw refusal;
    }
    const viewId = randomBytes(16).toString('hex');
    const report: DocumentReport = {
      viewId,
      fileName: opened.metadata.fileName,
      mediaType: opened.metadata.mediaType,
      bytes: opened.plaintextBytes,
      label: opened.label,
      signer: { name: opened.signer.subject.commonName ?? nameAndOrganisation(opened.signer.subject), ...(opened.signer.subject.organization === undefined ? {} : { organization: opened.signer.subject.organization }), subject: opened.signer.subject.display, fingerprint: opened.signer.fingerprint, chain: 'valid' },
      recipients: [...opened.recipients],
    };
    this.#views.set(viewId, { report, plaintext: opened.plaintext ?? Buffer.alloc(0) });
    this.options.audit.record('document.opened', 'ok', { file: path.basename(file), level: opened.label.level, signer: opened.signer.fingerprint });
    await this.#remember(file, report);
    return report;
  }

  /** The plaintext for the viewer, again gated: the zone may have changed since it was opened. */
  view(viewId: string): { mediaType: string; data: Buffer } {
    const view = this.#view(viewId);
    this.options.zones.assertMayHandle(view.report.label.level, 'show');
    return { mediaType: view.report.mediaType, data: view.plaintext };
  }

  /** The view as the renderer receives it: the plaintext in base64. */
  encodedView(viewId: string): { mediaType: string; data: string } {
    const view = this.view(viewId);
    return { mediaType: view.mediaType, data: view.data.toString('base64') };
  }

  close(viewId: string): boolean {
    const view = this.#views.get(viewId);
    if (view === undefined) return false;
    view.plaintext.fill(0);
    this.#views.delete(viewId);
    return true;
  }

  closeAll(): void {
    for (const viewId of [...this.#views.keys()]) this.close(viewId);
  }

  /**
   * Plaintext to disk, on the user's explicit request: only for levels the zone policy allows,
   * never over an existing file, audited either way.
   */
  async export(viewId: string, candidate: string): Promise<string> {
    const view = this.#view(viewId);
    const level = view.report.label.level;
    const details = { level, fileName: view.report.fileName };
    if (!this.options.zones.plaintextExportAllowed(level)) {
      this.options.audit.record('document.exported', 'refused', { ...details, code: 'document.exportForbidden' });
      throw new DomainError('document.exportForbidden');
    }
    this.options.zones.assertMayHandle(level, 'export');
    await prepareOutputFolder(this.options.folders, candidate);
    const target = await writablePath(candidate);
    // The same atomic write as the jobs: synced before it is named, noted for the crash sweep, never over a file.
    let output: AtomicOutput | undefined;
    let written: string;
    try {
      output = await AtomicOutput.create(target, this.options.journal);
      await output.write(view.plaintext);
      written = await output.commit();
    } catch (error) {
      // A full disk or a vanished folder: no half-written plaintext is left behind.
      await output?.discard();
      const code = (error as NodeJS.ErrnoException).code;
      this.options.audit.record('document.exported', 'failed', { ...details, code: code ?? 'failed' });
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new DomainError('store.diskFull', undefined, { cause: error });
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new DomainError('document.folderNotWritable', undefined, { cause: error });
      if (code === 'EEXIST' || code === 'ENOENT') throw new DomainError('document.invalidPath', undefined, { cause: error });
      throw error;
    }
    this.options.audit.record('document.exported', 'ok', { ...details, target: path.basename(written) });
    return written;
  }

  async #remember(file: string, report: DocumentReport): Promise<void> {
    const openedAt = (this.options.now ?? (() => new Date()))().toISOString();
    try {
      await this.options.recent?.remember({ path: file, fileName: report.fileName, level: report.label.level, signer: report.signer.name, openedAt });
    } catch (error) {
      // The list is a convenience: a full disk must not hide a document that opened; a bug still shows, with the plaintext wiped.
      if (error instanceof DomainError) return;
      this.close(report.viewId);
      throw error;
    }
  }

  #view(viewId: string): OpenView {
    const view = this.#views.get(viewId);
    if (view === undefined) throw new DomainError('document.viewClosed');
    return view;
  }

  #keys() {
    return recipientKeysOfSession(this.options.tokens);
  }
}

/** Every key of every logged-in token: any of them may be a recipient of the container. */
export async function recipientKeysOfSession(tokens: TokenService | undefined): Promise<TokenKeyHolder[]> {
  if (tokens === undefined) throw new DomainError('token.noModule');
  const loggedIn = tokens.list().filter((token) => token.loggedIn);
  if (loggedIn.length === 0) throw new DomainError('token.notLoggedIn');
  return (await Promise.all(loggedIn.map((token) => tokenKeyHolders(tokens, token.ref)))).flat();
}

/**
 * Container problems become error codes the UI translates (the chunk and certificate reason travel
 * along); a DomainError stays one; anything else (a bug) is returned as it is, for the caller to rethrow.
 */
export function withErrorCode(error: unknown): unknown {
  if (error instanceof ContainerError) {
    const details = {
      ...(error.detail.chunk === undefined ? {} : { chunk: error.detail.chunk }),
      ...(error.problem === 'signerInvalid' && error.detail.reason !== undefined ? { certificateReason: error.detail.reason as CertificateInvalidReason } : {}),
    };
    return new DomainError(`document.${error.problem}` as ErrorCode, Object.keys(details).length === 0 ? undefined : details);
  }
  return error;
}
