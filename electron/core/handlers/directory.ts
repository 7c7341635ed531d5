import type { DirectoryEntryView } from '../../../shared/domain/document.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { ColleagueDirectory, DirectoryEntry } from '../directory/colleague-directory.js';

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

export function directoryHandlers(directory: ColleagueDirectory, knownIssuers: readonly (string | Uint8Array)[], audit: AuditTrail) {
  return {
    list: async () => (await directory.list()).map(entryView),
    import: async ({ certificate }: { certificate: string }) => {
      const bytes = Buffer.from(certificate, 'base64');
      // A .pem file arrives as its text's bytes; the parser takes PEM as a string, DER as bytes.
      const input = bytes.subarray(0, 11).toString('latin1') === '-----BEGIN ' ? bytes.toString('utf8') : new Uint8Array(bytes);
      const result = await directory.import(input, knownIssuers);
      if (result.status === 'rejected') {
        audit.record('directory.imported', 'refused', { reason: result.reason });
        return { status: 'rejected' as const, reason: result.reason };
      }
      audit.record('directory.imported', 'ok', { fingerprint: result.entry.fingerprint, outcome: result.status });
      return { status: result.status, entry: entryView(result.entry) };
    },
    remove: async ({ fingerprint }: { fingerprint: string }) => {
      const removed = await directory.remove(fingerprint);
      audit.record('directory.removed', removed ? 'ok' : 'refused', { fingerprint });
      return { removed };
    },
  };
}
