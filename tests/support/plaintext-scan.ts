import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every regular file under `roots` (recursively, symbolic links not followed) that holds `marker`
 * in UTF-8 or UTF-16LE (Chromium keeps strings in both). Files over 64 MiB are skipped and listed;
 * so are checkouts' node_modules and .git folders (other test runs may sit in the temp folder).
 */
export async function filesContaining(roots: readonly string[], marker: string): Promise<{ found: string[]; skipped: string[] }> {
  const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
  const found: string[] = [];
  const skipped: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') await walk(file);
      }
      else if (entry.isFile()) {
        const info = await lstat(file).catch(() => undefined);
        if (info === undefined) continue;
        if (info.size > 64 * 1024 * 1024) {
          skipped.push(file);
          continue;
        }
        const bytes = await readFile(file).catch(() => undefined);
        if (bytes !== undefined && needles.some((needle) => bytes.includes(needle))) found.push(file);
      }
    }
  };
  for (const root of roots) await walk(root);
  return { found: [...new Set(found)], skipped: [...new Set(skipped)] };
}
