import { createHash, randomBytes } from 'node:crypto';
import { Client, type BaseAgent, type SFTPWrapper, type Stats } from 'ssh2';
import { BackupTargetError, checkTargetName, joined, type BackupTarget, type TargetBytes, type TargetEntry } from '../backup-target.js';

export interface SftpTargetOptions {
  readonly host: string;
  readonly port?: number;
  readonly username: string;
  /** A client key file's text (OpenSSH or PEM); or, instead, `agent`. The server lists its public half. */
  readonly privateKey?: string | Buffer;
  /** The client key on the token (TokenSshAgent): it signs, the key never leaves the token. */
  readonly agent?: BaseAgent;
  /**
   * The server's host key, pinned: its fingerprint as `ssh-keygen -l` prints it (`SHA256:…`), from
   * the target's configuration. Any other key is refused before authentication (`host-key-mismatch`).
   */
  readonly hostKeySha256: string;
  /** The repository's folder on the server, absolute (`/srv/backup/airlock`); made if missing. */
  readonly root: string;
  /** How long connecting and authenticating may take; default 15 s. */
  readonly connectTimeoutMs?: number;
}

const TEMPORARY = 'tmp';
const STATUS = { noSuchFile: 2, permissionDenied: 3, failure: 4 } as const;
/** Pieces written at once: SFTP answers each write, so several in flight hide the round trips. */
const PIECE_BYTES = 64 * 1024;
const PIECES_IN_FLIGHT = 16;

interface Session {
  readonly client: Client;
  readonly sftp: SFTPWrapper;
  closed: boolean;
  /** Rejects when the connection ends: ssh2 drops the requests then pending, without calling back. */
  readonly lost: Promise<never>;
}

/** `SHA256:<base64 without padding>` of a host key blob, as OpenSSH prints fingerprints. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * A repository on a backup server over SFTP (Debian's OpenSSH). One connection, opened on first use
 * and again after it drops. Writes go to `tmp/<random>.part`, are flushed on the server
 * (`fsync@openssh.com`) and moved with SFTP's plain rename, which OpenSSH's server makes with a hard
 * link: it never replaces an existing name. A connection lost mid-write leaves only the temporary.
 */
export class SftpTarget implements BackupTarget {
  readonly description: string;
  readonly readsAreRequests = true;
  private session: Promise<Session> | undefined;
  private closing = false;

  constructor(private readonly options: SftpTargetOptions) {
    if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(options.hostKeySha256)) throw new RangeError('hostKeySha256 must be an OpenSSH SHA256 fingerprint');
    if ((options.privateKey === undefined) === (options.agent === undefined)) throw new RangeError('one client key: privateKey or agent');
    if (!options.root.startsWith('/')) throw new RangeError('root must be an absolute path on the server');
    this.description = `sftp ${options.username}@${options.host}:${options.port ?? 22}${options.root}`;
  }

  private remote(name: string): string {
    checkTargetName(name);
    return `${this.options.root.replace(/\/+$/, '')}/${name}`;
  }

  private connect(): Promise<Session> {
    if (this.closing) return Promise.reject(new BackupTargetError('unreachable', '', 'the target is closed'));
    const live = this.session;
    if (live !== undefined) return live;
    const opening = openSession(this.options);
    this.session = opening;
    opening.then(
      (session) => session.client.on('close', () => this.session === opening && (this.session = undefined)),
      () => this.session === opening && (this.session = undefined),
    );
    return opening;
  }

  /** Runs `work` on a live session; an operation cut by a lost connection is `unreachable`. */
  private async run<T>(name: string, work: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    const session = await this.connect();
    try {
      return await Promise.race([work(session.sftp), session.lost]);
    } catch (error) {
      if (error instanceof BackupTargetError) throw error;
      if (session.closed || !hasStatus(error)) throw new BackupTargetError('unreachable', name, `the backup server dropped the connection (${describe(error)})`);
      throw error;
    }
  }

  async put(name: string, parts: TargetBytes): Promise<void> {
    // ssh2's write takes one buffer; joined once here, the request's own copy is ssh2's.
    const bytes = joined(parts);
    const final = this.remote(name);
    const temporary = this.remote(`${TEMPORARY}/${randomBytes(12).toString('hex')}.part`);
    await this.run(name, async (sftp) => {
      await makeFolders(sftp, this.options.root, name);
      const handle = await call<Buffer>((done) => sftp.open(temporary, 'wx', { mode: 0o600 }, done));
      try {
        await writeAll(sftp, handle, bytes);
        await call((done) => sftp.ext_openssh_fsync(handle, done));
      } catch (error) {
        await call((done) => sftp.close(handle, done)).catch(() => undefined);
        await call((done) => sftp.unlink(temporary, done)).catch(() => undefined);
        throw await this.writeFailure(sftp, name, bytes.length, error);
      }
      await call((done) => sftp.close(handle, done));
      try {
        await call((done) => sftp.rename(temporary, final, done));
      } catch (error) {
        await call((done) => sftp.unlink(temporary, done)).catch(() => undefined);
        if (statusOf(error) === STATUS.failure && (await statOf(sftp, final)) !== undefined) throw new BackupTargetError('exists', name, `${name} already exists`);
        throw statusError(error, name);
      }
    });
  }

  /** SFTP v3 says only "failure" for a full disk: the server's free space tells it apart. */
  private async writeFailure(sftp: SFTPWrapper, name: string, length: number, error: unknown): Promise<unknown> {
    if (statusOf(error) !== STATUS.failure) return statusError(error, name);
    // Free blocks for non-root × fundamental block size (statvfs(3)), after the temporary was removed.
    const space = await call<{ f_bavail: number; f_frsize: number }>((done) => sftp.ext_openssh_statvfs(this.options.root, done)).catch(() => undefined);
    if (space !== undefined && Number(space.f_bavail) * Number(space.f_frsize) < length) return new BackupTargetError('full', name, `no space left on the backup server for ${name}`);
    return statusError(error, name);
  }

  get(name: string): Promise<Buffer> {
    return this.run(name, async (sftp) => {
      const stats = await statOf(sftp, this.remote(name));
      if (stats === undefined) throw new BackupTargetError('missing', name, `${name} is missing`);
      return readRange(sftp, this.remote(name), name, 0, stats.size);
    });
  }

  getRange(name: string, offset: number, length: number): Promise<Buffer> {
    return this.run(name, (sftp) => readRange(sftp, this.remote(name), name, offset, length));
  }

  exists(name: string): Promise<boolean> {
    return this.run(name, async (sftp) => (await statOf(sftp, this.remote(name)))?.isFile() === true);
  }

  list(prefix: string): Promise<TargetEntry[]> {
    return this.run(prefix, async (sftp) => {
      const entries: TargetEntry[] = [];
      const walk = async (relative: string, depth: number): Promise<void> => {
        const folder = relative === '' ? this.options.root : `${this.options.root}/${relative}`;
        let listed;
        try {
          listed = await call<{ filename: string; attrs: Stats }[]>((done) => sftp.readdir(folder, done));
        } catch (error) {
          if (statusOf(error) === STATUS.noSuchFile) return;
          throw statusError(error, relative);
        }
        for (const { filename, attrs } of listed) {
          const child = relative === '' ? filename : `${relative}/${filename}`;
          if (filename === '.' || filename === '..' || child === TEMPORARY || !(prefix.startsWith(child) || child.startsWith(prefix))) continue;
          if (attrs.isDirectory() && depth < 3) await walk(child, depth + 1);
          else if (attrs.isFile() && child.startsWith(prefix)) entries.push({ name: child, size: attrs.size });
        }
      };
      await walk('', 1);
      return entries;
    });
  }

  remove(name: string): Promise<void> {
    return this.run(name, async (sftp) => {
      try {
        await call((done) => sftp.unlink(this.remote(name), done));
      } catch (error) {
        if (statusOf(error) !== STATUS.noSuchFile) throw statusError(error, name);
      }
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const session = await this.session?.catch(() => undefined);
    session?.client.end();
  }
}

function openSession(options: SftpTargetOptions): Promise<Session> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyRefused = false;
    const fail = (error: unknown): void => {
      client.end();
      reject(connectFailure(error, hostKeyRefused, options));
    };
    client.once('error', fail);
    client.once('ready', () => {
      client.sftp((error, sftp) => {
        if (error !== undefined) return fail(error);
        let markLost: (error: Error) => void = () => undefined;
        const lost = new Promise<never>((_, rejectLost) => (markLost = rejectLost));
        lost.catch(() => undefined);
        const session: Session = { client, sftp, closed: false, lost };
        client.off('error', fail);
        const end = (error?: Error): void => {
          session.closed = true;
          markLost(error ?? new Error('connection closed'));
        };
        client.on('error', end);
        client.on('close', () => end());
        resolve(session);
      });
    });
    client.connect({
      host: options.host,
      port: options.port ?? 22,
      username: options.username,
      ...(options.agent === undefined ? { privateKey: options.privateKey } : { agent: options.agent }),
      readyTimeout: options.connectTimeoutMs ?? 15_000,
      keepaliveInterval: 10_000,
      // The pin: only the configured key, compared in full; never "accept any" or trust on first use.
      hostVerifier: (key: Buffer) => {
        hostKeyRefused = hostKeyFingerprint(key) !== options.hostKeySha256;
        return !hostKeyRefused;
      },
    });
  });
}

function connectFailure(error: unknown, hostKeyRefused: boolean, options: SftpTargetOptions): BackupTargetError {
  const where = `${options.host}:${options.port ?? 22}`;
  if (hostKeyRefused) return new BackupTargetError('host-key-mismatch', '', `the backup server ${where} presented another host key than the pinned ${options.hostKeySha256}`);
  if ((error as { level?: string }).level === 'client-authentication') return new BackupTargetError('refused', '', `the backup server ${where} refused the workstation's key`);
  return new BackupTargetError('unreachable', '', `the backup server ${where} cannot be reached (${describe(error)})`);
}

/** Resolves with the callback's value, rejects with its error. */
function call<T = unknown>(start: (done: (error?: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** An SFTP status answer from the server (as opposed to a failure of the connection). */
function hasStatus(error: unknown): boolean {
  return statusOf(error) !== undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function statusError(error: unknown, name: string): unknown {
  switch (statusOf(error)) {
    case STATUS.noSuchFile:
      return new BackupTargetError('missing', name, `${name} is missing`);
    case STATUS.permissionDenied:
      return new BackupTargetError('refused', name, `the backup server refuses ${name}`);
    default:
      return error;
  }
}

async function statOf(sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  try {
    return await call<Stats>((done) => sftp.stat(path, done));
  } catch (error) {
    if (statusOf(error) === STATUS.noSuchFile) return undefined;
    throw error;
  }
}

/** `root/tmp` and the folders of `name` (`data/ab`), each made if missing. */
async function makeFolders(sftp: SFTPWrapper, root: string, name: string): Promise<void> {
  const parents = name.split('/').slice(0, -1);
  const folders = [root, `${root}/${TEMPORARY}`, ...parents.map((_, index) => `${root}/${parents.slice(0, index + 1).join('/')}`)];
  for (const folder of folders) {
    if ((await statOf(sftp, folder))?.isDirectory() === true) continue;
    await call((done) => sftp.mkdir(folder, { mode: 0o700 }, done)).catch(async (error: unknown) => {
      if ((await statOf(sftp, folder))?.isDirectory() !== true) throw statusError(error, name);
    });
  }
}

/** Runs `piece(at, length)` over `total` bytes in 64 KiB pieces, several in flight; stops handing out pieces after a failure. */
async function inPieces(total: number, piece: (at: number, length: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < total && !failed) {
      const at = next;
      next += PIECE_BYTES;
      try {
        await piece(at, Math.min(PIECE_BYTES, total - at));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: PIECES_IN_FLIGHT }, worker));
}

function writeAll(sftp: SFTPWrapper, handle: Buffer, bytes: Buffer): Promise<void> {
  return inPieces(bytes.length, (at, length) => call((done) => sftp.write(handle, bytes, at, length, at, done)));
}

async function readRange(sftp: SFTPWrapper, path: string, name: string, offset: number, length: number): Promise<Buffer> {
  let handle: Buffer;
  try {
    handle = await call<Buffer>((done) => sftp.open(path, 'r', done));
  } catch (error) {
    throw statusError(error, name);
  }
  try {
    const buffer = Buffer.alloc(length);
    await inPieces(length, async (at, size) => {
      // A server may answer a read with fewer bytes than asked: ask again for the rest.
      for (let filled = 0; filled < size; ) {
        const read = await call<number>((done) => sftp.read(handle, buffer, at + filled, size - filled, offset + at + filled, done));
        if (read === 0) throw new BackupTargetError('short', name, `${name} ends before ${offset + length}`);
        filled += read;
      }
    });
    return buffer;
  } catch (error) {
    // ssh2 reports reading at the end of a file as an EOF status.
    if (statusOf(error) === 1) throw new BackupTargetError('short', name, `${name} ends before ${offset + length}`);
    throw error;
  } finally {
    await call((done) => sftp.close(handle, done)).catch(() => undefined);
  }
}
