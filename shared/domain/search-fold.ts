// Plain function, no zod: the core's directory search and the renderer's recipient filter share it.

/**
 * Lower case without diacritics: "Nguyễn Văn Đạt" → "nguyen van dat". NFD splits off the tone and
 * vowel marks, but "đ"/"Đ" is a letter of its own that does not decompose, so it is mapped by hand.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
