// The `airlock` command (electron/cli/airlock.ts, from source through tsx) in a folder set up for
// the SoftHSM token: its roots, intermediates, CRLs and the token's two certificates, the PIN in
// the environment, no workstation audit log.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SoftHsmToken } from './softhsm-token.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  readonly code: number;
  /** The last line of stdout, when it is JSON (--json). */
  readonly json: Record<string, unknown> | undefined;
  readonly stderr: string;
}

export interface CliFolder {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** `--crl` for the test PKI's two CRLs: with them the signer's revocation status is known. */
  readonly crlArgs: readonly string[];
  run(args: readonly string[], extraEnv?: NodeJS.ProcessEnv, stdin?: string): Promise<CliResult>;
}

/** A fresh folder holding roots.pem, intermediates.pem, root.crl, me-ec.pem, me-rsa.pem, stranger.pem. */
export async function cliFolder(token: SoftHsmToken): Promise<CliFolder> {
  const dir = await mkdtemp(path.join(tmpdir(), 'airlock-cli-'));
  await writeFile(path.join(dir, 'roots.pem'), token.pki.rootPem);
  await writeFile(path.join(dir, 'intermediates.pem'), token.pki.intermediatePem);
  await writeFile(path.join(dir, 'root.crl'), token.pki.rootCrlDer);
  await writeFile(path.join(dir, 'me-ec.pem'), token.pki.ecLeafPem);
  await writeFile(path.join(dir, 'me-rsa.pem'), token.pki.rsaLeafPem);
  await writeFile(path.join(dir, 'stranger.pem'), token.pki.unknownLeafPem);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...token.env,
    AIRLOCK_PKCS11_MODULES: token.modulePath,
    AIRLOCK_TRUST_ANCHORS: path.join(dir, 'roots.pem'),
    AIRLOCK_TRUST_INTERMEDIATES: path.join(dir, 'intermediates.pem'),
    AIRLOCK_PIN: token.userPin,
    AIRLOCK_DATA_DIR: path.join(dir, 'not-a-workstation'),
  };
  const run = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}, stdin = ''): Promise<CliResult> =>
    new Promise((resolve) => {
      const child = execFile(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'electron/cli/airlock.ts'), ...args], { env: { ...env, ...extraEnv }, cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        const line = stdout.trim().split('\n').at(-1) ?? '';
        resolve({ code, json: line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : undefined, stderr });
      });
      child.stdin?.end(stdin);
    });
  return { dir, env, crlArgs: ['--crl', token.pki.paths.crl, '--crl', 'root.crl'], run };
}
