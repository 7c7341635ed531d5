import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** A file removed between readdir and stat (a lock another process just refreshed) is simply not listed. */
export async function statIfPresent(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
