import type { DirectoryEntryView } from '../../../../shared/domain/document.js';
import { foldForSearch } from '../../../../shared/domain/search-fold.js';

// Pure module: the recipient picker's search, tested under plain Node.

/** Fewer hex digits than this match too many fingerprints by chance to mean one. */
const MIN_FINGERPRINT_PREFIX = 4;

/**
 * Whether a colleague matches what was typed: every word in the name, organisation or email,
 * ignoring case and Vietnamese diacritics ("nguyen van an" finds "Nguyễn Văn An", "d" finds "Đ"),
 * or the start of the certificate fingerprint (colons and spaces as the certificate tools print it
 * are ignored). An empty search matches everyone.
 */
export function matchesRecipient(entry: Pick<DirectoryEntryView, 'name' | 'organization' | 'email' | 'fingerprint'>, query: string): boolean {
  const words = foldForSearch(query).split(' ').filter((word) => word !== '');
  if (words.length === 0) return true;
  const haystack = foldForSearch([entry.name, entry.organization, entry.email].filter((part) => part !== undefined).join(' '));
  if (words.every((word) => haystack.includes(word))) return true;
  const hex = query.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]+$/.test(hex) && hex.length >= MIN_FINGERPRINT_PREFIX && entry.fingerprint.toLowerCase().startsWith(hex);
}

export function filterRecipients<T extends Pick<DirectoryEntryView, 'name' | 'organization' | 'email' | 'fingerprint'>>(entries: readonly T[], query: string): T[] {
  return entries.filter((entry) => matchesRecipient(entry, query));
}
