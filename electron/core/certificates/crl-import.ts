import { open } from 'node:fs/promises';
import path from 'node:path';
import type { CRL_REJECTIONS, CrlFilesOutcome } from '../../../shared/domain/certificate.js';
import { nameAndOrganisation } from '../../../shared/domain/person-name.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { certificateInfo } from './certificate-info.js';
import { pemOrDer } from './pem-or-der.js';
import type { CrlCache } from './revocation.js';

const MAX_CRL_BYTES = 10 * 1024 * 1024;

/** Why a CRL the user brought was not kept: the cache's reasons, a file too large or unreadable. */
type CrlRefusal = (typeof CRL_REJECTIONS)[number];

/** A file's bytes, or why it could not be read: size checked first, so a wrong file is never read whole. */
async function readCrlFile(file: string): Promise<Buffer | CrlRefusal> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size, isFile } = await handle.stat().then((stats) => ({ size: stats.size, isFile: stats.isFile() }));
      if (!isFile) return 'unreadable';
      if (size > MAX_CRL_BYTES) return 'tooLarge';
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch {
    return 'unreadable';
  }
}

/** A CRL the user brings (base64 of a .crl or .pem file): verified against the known CAs, kept, audited. */
export class CrlImport {
  constructor(
    private readonly crls: CrlCache,
    /** The CAs a CRL may come from: pinned roots and configured intermediates. */
    private readonly knownIssuers: readonly (string | Uint8Array)[],
    private readonly audit: AuditRecorder,
  ) {}

  async import(base64: string) {
    return this.#importBytes(Buffer.from(base64, 'base64'));
  }

  /**
   * Several CRL files at once (an officer hands out the root's and the issuing CA's together), in
   * order; each is read, checked, kept and audited on its own, so one bad file hides no other.
   */
  async importFiles(paths: readonly string[]): Promise<CrlFilesOutcome> {
    const outcomes: CrlFilesOutcome = [];
    for (const file of paths) {
      const bytes = await readCrlFile(file);
      const outcome = typeof bytes === 'string' ? this.#refused(bytes) : await this.#importBytes(bytes);
      outcomes.push({ file: path.basename(file), outcome });
    }
    return outcomes;
  }

  #refused(reason: CrlRefusal) {
    this.audit.record('crl.imported', 'refused', { reason });
    return { status: 'rejected' as const, reason };
  }

  async #importBytes(bytes: Buffer) {
    if (bytes.length > MAX_CRL_BYTES) return this.#refused('tooLarge');
    const imported = await this.crls.import(pemOrDer(bytes), this.knownIssuers);
    const result = imported.status === 'rejected' ? imported : { ...imported, issuer: this.#issuerName(imported.issuer) };
    this.audit.record('crl.imported', result.status === 'rejected' ? 'refused' : 'ok', result.status === 'rejected' ? { reason: result.reason } : { issuer: result.issuer, outcome: result.status });
    return result;
  }

  /** The cache names the issuer by fingerprint; people read its name. */
  #issuerName(fingerprint: string): string {
    const subject = this.knownIssuers.map((issuer) => certificateInfo(issuer)).find((info) => info.fingerprint === fingerprint)?.subject;
    return subject === undefined ? fingerprint : nameAndOrganisation(subject);
  }
}
