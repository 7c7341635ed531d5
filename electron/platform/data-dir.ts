import { homedir } from 'node:os';
import path from 'node:path';

/** Where the Chromium shell keeps the encrypted store: AIRLOCK_DATA_DIR, else the XDG data folder. */
export function chromiumShellDataDir(env: NodeJS.ProcessEnv): string {
  const explicit = env['AIRLOCK_DATA_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  return path.join(env['XDG_DATA_HOME'] ?? path.join(homedir(), '.local', 'share'), 'airlock');
}
