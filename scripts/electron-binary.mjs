// Where the Electron binary is, without requiring the electron package (which would try to download
// it): `npm start` and `npm run training` ask the same question.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The binary's path when it exists; undefined when the package was installed without it. */
export function electronBinary(root, env) {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = override ? path.join(override, relative) : existsSync(pathFile) ? path.join(electronDir, 'dist', relative) : undefined;
  return binary !== undefined && existsSync(binary) ? binary : undefined;
}
