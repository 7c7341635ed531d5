// Pure: a file name proposed for writing, the same in main and in the renderer.

/** Most file systems take 255 bytes; UTF-8 Vietnamese takes up to 3 a letter, so fewer letters. */
const MAX_NAME_CHARACTERS = 120;

/**
 * A name a sender or a user gave, made safe as one file name in a folder: no folder separators,
 * no control characters, no leading dots (no hidden file, no "." or ".."), not empty (`fallback`
 * then), and not too long (the extension is kept).
 */
export function safeFileName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim().replace(/^\.+/, '').trim();
  if (cleaned === '') return fallback;
  if (cleaned.length <= MAX_NAME_CHARACTERS) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_NAME_CHARACTERS - extension.length) + extension;
}

/** The folder part of an absolute path as the renderer has it (either separator). */
export function folderOf(filePath: string): string {
  const at = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  return at <= 0 ? filePath.slice(0, at + 1) : filePath.slice(0, at);
}

/** The name part of a path (either separator). */
export function baseNameOf(filePath: string): string {
  return filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
}

/** `name` in `folder`, with the separator the folder already uses (a Windows folder has backslashes). */
export function inFolder(folder: string, name: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** What a file chooser is for: the native dialog filters by it, and 'crl' takes several files. */
export type ChoosePurpose = 'container' | 'plaintext' | 'crl';
