import { homedir } from 'node:os';
import path from 'node:path';

/** Where the Chromium shell keeps the encrypted store: AIRLOCK_DATA_DIR, else the XDG data folder. */
export function chromiumShellDataDir(env: NodeJS.ProcessEnv): string {
  const explicit = env['AIRLOCK_DATA_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  return path.join(env['XDG_DATA_HOME'] ?? path.join(homedir(), '.local', 'share'), 'airlock');
}

/**
 * The Electron app's store folder (app.getPath('userData') + '/store'), found without Electron, for
 * the command line: AIRLOCK_DATA_DIR wins, as for the Chromium shell.
 */
export function appStoreDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const explicit = env['AIRLOCK_DATA_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const base =
    platform === 'win32'
      ? (env['APPDATA'] ?? path.join(homedir(), 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(homedir(), 'Library', 'Application Support')
        : (env['XDG_CONFIG_HOME'] ?? path.join(homedir(), '.config'));
  return path.join(base, 'Airlock', 'store');
}
