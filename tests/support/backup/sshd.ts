// A real OpenSSH server (Debian's /usr/sbin/sshd) on loopback for the SFTP backup target: its own
// host key, one authorized client key (ed25519, made by ssh-keygen), the internal SFTP server, no
// passwords, no PAM. The listener and every per-connection process it forks (sshd makes each a session
// leader, so a process group would not reach them) are killed by the teardown.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../nats/nats-server.js';
import { descendants } from '../process-tree.js';
import type { Teardown } from '../teardown.js';

const READY_TIMEOUT_MS = 10_000;

export interface BackupSshServer {
  readonly port: number;
  readonly username: string;
  /** The client key the server accepts (OpenSSH private key text). */
  readonly clientKey: string;
  /** The server's host key fingerprint as `ssh-keygen -l` prints it (`SHA256:…`). */
  readonly hostKeySha256: string;
  /** A folder for repositories, writable by the login. */
  readonly home: string;
  /** Makes another key pair: its private key text and fingerprint (a key the server does not know, or a host key it does not have). */
  otherKey(): Promise<{ privateKey: string; sha256: string }>;
  /** Adds an OpenSSH public key line to the accepted client keys. */
  authorize(publicKeyLine: string): Promise<void>;
  /** SIGKILL the listener and every session process: the server is gone mid-whatever. */
  kill(): Promise<void>;
  /** Starts it again on the same port, keys and files. */
  start(): Promise<void>;
  log(): string;
}

export async function startBackupSshServer(teardown: Teardown): Promise<BackupSshServer> {
  const dir = await teardown.tempDir('airlock-sshd-');
  const home = path.join(dir, 'home');
  await mkdir(home, { mode: 0o700 });
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', path.basename(file), '-f', file]);
  const fingerprint = (file: string) => execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  keygen(hostKey);
  keygen(clientKey);
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(`${clientKey}.pub`), { mode: 0o600 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PidFile none',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      // The temp folders live under the world-writable /tmp, which strict modes would refuse.
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // sshd insists on its privilege-separation folder (Debian makes it at boot when the service runs).
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  let child: ChildProcess | undefined;
  let output = '';
  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running?.pid === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const sessions = descendants(running.pid);
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    for (const session of sessions) {
      try {
        process.kill(session.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  };
  const start = async (): Promise<void> => {
    const from = output.length;
    const spawned = teardown.process(spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] }));
    child = spawned;
    spawned.stderr?.setEncoding('utf8');
    spawned.stderr?.on('data', (text: string) => (output += text));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not listen within ${READY_TIMEOUT_MS} ms\n${output}`)), READY_TIMEOUT_MS);
      const check = (): void => {
        if (output.includes('Server listening on', from)) {
          clearTimeout(timer);
          resolve();
        }
      };
      spawned.stderr?.on('data', check);
      spawned.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited (${code})\n${output}`));
      });
    });
  };
  teardown.defer(kill);
  await start();
  return {
    port,
    username: 'root',
    clientKey: await readFile(clientKey, 'utf8'),
    hostKeySha256: fingerprint(hostKey),
    home,
    otherKey: async () => {
      const file = path.join(dir, `other-${Date.now()}-${Math.random().toString(16).slice(2)}`);
      keygen(file);
      return { privateKey: await readFile(file, 'utf8'), sha256: fingerprint(file) };
    },
    authorize: (line) => appendFile(path.join(dir, 'authorized_keys'), `${line}\n`),
    kill,
    start,
    log: () => output,
  };
}
