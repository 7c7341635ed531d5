import { lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InboxListing } from '../../../shared/domain/document.js';
import { DomainError } from '../domain-error.js';

/** The folders the platform names (electron/platform/document-folders.ts): received containers, and plaintext written out. */
export interface DocumentFolders {
  /** Where received containers wait (AIRLOCK_INBOX_DIR); the app only reads it. */
  readonly inbox: string;
  /** Where a decrypted document is written when the user does not pick a place (AIRLOCK_OUTPUT_DIR). */
  readonly exports: string;
}

/** Files listed at most: an inbox is read by a person, and each entry costs one stat. */
const MAX_LISTED = 500;
export const CONTAINER_EXTENSION = '.alc';

/**
 * The containers waiting in the inbox, newest first: regular files named *.alc (not symbolic links,
 * not folders), with their size and when they arrived (the file's modification time). Nothing is
 * opened or decrypted here: "Mở" runs the normal checked open. A missing folder is a state, not an error.
 */
export async function listInbox(folder: string): Promise<InboxListing> {
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(CONTAINER_EXTENSION)).map((entry) => entry.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { folder, present: false, files: [] };
    throw error;
  }
  const files = await Promise.all(
    names.map(async (name) => {
      const file = path.join(folder, name);
      // Gone since the listing, or replaced by a link: left out, as the open would refuse it.
      const info = await lstat(file).catch(() => undefined);
      return info?.isFile() === true ? { path: file, name, bytes: info.size, receivedAt: info.mtime.toISOString() } : undefined;
    }),
  );
  const listed = files.filter((file) => file !== undefined).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.name.localeCompare(b.name));
  return { folder, present: true, files: listed.slice(0, MAX_LISTED) };
}

/**
 * The export folder is made on first use (0700: it will hold plaintext); any other folder must
 * exist already. One that cannot be made (read-only, no permission) is the user's invalid path.
 */
export async function prepareOutputFolder(folders: DocumentFolders | undefined, target: string): Promise<void> {
  if (folders === undefined || path.dirname(target) !== folders.exports) return;
  await mkdir(folders.exports, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw new DomainError('document.invalidPath', undefined, { cause: error });
  });
}

/**
 * The folders from the environment (README "Configuration"): AIRLOCK_INBOX_DIR, AIRLOCK_OUTPUT_DIR;
 * unset, both sit in an "Airlock" folder in the user's documents folder (`documents`: Electron's
 * app.getPath('documents'); elsewhere XDG_DOCUMENTS_DIR, else ~/Documents): received files in
 * "Airlock/Inbox", decrypted files in "Airlock".
 */
export function documentFolders(env: Readonly<Record<string, string | undefined>>, documents: string): DocumentFolders {
  const given = (name: string) => {
    const value = env[name];
    return value !== undefined && value !== '' && path.isAbsolute(value) ? path.normalize(value) : undefined;
  };
  const home = path.join(documents, 'Airlock');
  return { inbox: given('AIRLOCK_INBOX_DIR') ?? path.join(home, 'Inbox'), exports: given('AIRLOCK_OUTPUT_DIR') ?? home };
}

/** The user's documents folder without Electron: XDG_DOCUMENTS_DIR, else ~/Documents. */
export function documentsFolderOf(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = env['XDG_DOCUMENTS_DIR'];
  return xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, 'Documents');
}
