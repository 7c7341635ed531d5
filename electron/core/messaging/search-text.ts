import { foldForSearch } from '../../../shared/domain/search-fold.js';

/**
 * How text becomes searchable words, the same way for what is indexed and what is asked:
 * Unicode NFD, combining marks removed, đ/Đ → d, lower case, then runs of letters and digits.
 * So "Hỏa tốc", "hoa toc" and "HOẢ TỐC" are the same two words.
 */
export function normalisedWords(text: string): string[] {
  return foldForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The distinct words of several texts, first occurrence first, at most `limit` of them. */
export function distinctWords(texts: readonly string[], limit: number): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of normalisedWords(text)) {
      if (words.size >= limit) return [...words];
      words.add(word);
    }
  }
  return [...words];
}

/** True when every query term begins some word of the texts: the check on decrypted matches. */
export function matchesAllTerms(texts: readonly string[], terms: readonly string[]): boolean {
  const words = texts.flatMap(normalisedWords);
  return terms.every((term) => words.some((word) => word.startsWith(term)));
}
