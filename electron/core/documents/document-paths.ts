import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../domain-error.js';

/**
 * A path from the renderer (a dialog's answer or a dropped file) is checked again here: absolute
 * and already normalised, no NUL, and for reading a regular file that is not a symbolic link.
 */
export async function readablePath(candidate: string): Promise<string> {
  if (!isClean(candidate)) throw new DomainError('document.invalidPath');
  const info = await lstat(candidate).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new DomainError('document.invalidPath');
  return candidate;
}

/**
 * For writing: the folder exists. A name already taken is not refused: the write takes the first
 * free "name (2)", "(3)"… at the moment it completes (free-name.ts), so nothing is ever overwritten.
 */
export async function writablePath(candidate: string): Promise<string> {
  if (!isClean(candidate)) throw new DomainError('document.invalidPath');
  const folder = await stat(path.dirname(candidate)).catch(() => undefined);
  if (folder === undefined || !folder.isDirectory()) throw new DomainError('document.invalidPath');
  return candidate;
}

function isClean(candidate: string): boolean {
  return !candidate.includes('\0') && path.isAbsolute(candidate) && path.normalize(candidate) === candidate;
}
