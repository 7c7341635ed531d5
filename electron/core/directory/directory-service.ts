import type { DirectoryEntryView } from '../../../shared/domain/document.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { pemOrDer } from '../certificates/pem-or-der.js';
import type { ColleagueDirectory, DirectoryEntry } from './colleague-directory.js';

/** What the recipient picker needs of an entry: names and status, never the key. */
export function entryView(entry: DirectoryEntry): DirectoryEntryView {
  const { subject } = entry.info;
  return {
    fingerprint: entry.fingerprint,
    name: subject.commonName ?? subject.display,
    ...(subject.organization === undefined ? {} : { organization: subject.organization }),
    ...(entry.info.email === undefined ? {} : { email: entry.info.email }),
    purpose: entry.purpose,
    valid: entry.validation.status === 'valid',
    ...(entry.validation.status === 'invalid' ? { reason: entry.validation.reason } : {}),
    notAfter: entry.info.notAfter,
  };
}

/** The Directory screen's requests: entries as views, imports and removals audited. */
export class DirectoryService {
  constructor(
    private readonly directory: ColleagueDirectory,
    /** The CAs a colleague's certificate may chain through: pinned roots and configured intermediates. */
    private readonly knownIssuers: readonly (string | Uint8Array)[],
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<DirectoryEntryView[]> {
    return (await this.directory.list()).map(entryView);
  }

  /** `certificate`: base64 of a .pem or .der file. */
  async import(certificate: string) {
    const result = await this.directory.import(pemOrDer(Buffer.from(certificate, 'base64')), this.knownIssuers);
    if (result.status === 'rejected') {
      this.audit.record('directory.imported', 'refused', { reason: result.reason });
      return { status: 'rejected' as const, reason: result.reason };
    }
    this.audit.record('directory.imported', 'ok', { fingerprint: result.entry.fingerprint, outcome: result.status });
    return { status: result.status, entry: entryView(result.entry) };
  }

  async remove(fingerprint: string): Promise<{ removed: boolean }> {
    const removed = await this.directory.remove(fingerprint);
    this.audit.record('directory.removed', removed ? 'ok' : 'refused', { fingerprint });
    return { removed };
  }
}
