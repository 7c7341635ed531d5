// `airlock messaging add-user`: the cipher officer's command (docs/messaging.md "Credentials").
import { readFileSync } from 'node:fs';
import { CLASSIFICATION_LEVELS, type Classification } from '../../shared/domain/classification.js';
import { isMessagingId } from '../core/messaging/subjects.js';
import { TOKEN_OPTIONS, UsageError, strictOptions } from './cli-args.js';

export interface AddUserArgs {
  readonly command: 'messaging add-user';
  readonly certificate: string;
  readonly device: string;
  readonly roster: string;
  readonly servers: readonly string[];
  readonly roots: string;
  readonly output: string;
  readonly level: Classification;
  readonly replace: boolean;
  readonly reload: boolean;
  /** The administrator's NKEY seed file: then the new official's attachment bucket is made too. */
  readonly adminSeed: string | undefined;
  readonly token: string | undefined;
  readonly pinEnv: string | undefined;
  readonly pinStdin: boolean;
  readonly json: boolean;
}

export const MESSAGING_USAGE = `airlock messaging add-user --cert USER.pem --device ID --config SERVER.json
           --servers tls://HOST:PORT[,…] --roots ROOTS.pem --out HANDOVER.alc
           [--replace] [--reload [--admin-seed ADMIN.nk]] [--level unclassified|mat|toiMat|tuyetMat]
  Makes the official's messaging account (a new NKEY, the id from their certificate), lists it in
  the officer's server file and writes the nats-server configuration again, and writes the
  hand-over: the credentials in a container encrypted to USER.pem, signed on this token. The seed
  is never written anywhere else. An official already listed: exit 6 unless --replace (a new key;
  their earlier hand-overs stop working). --reload: nats-server --signal reload=<the pid file>;
  without it, run that command (or send the server SIGHUP) to take the new user in.
  --admin-seed (with --reload): the server administrator's NKEY seed file; after the reload the
  official's attachment bucket is made on the server (--servers, --roots), so they can send files.
  Without it, the administrator makes it (docs/messaging.md "Attachments").
  Exit codes: 0 ok, 2 usage, 3 token or PIN, 6 official already listed, 7 server file unreadable,
  8 reload failed (the files are written), 9 bucket not made (reloaded; run again with --replace
  or have the administrator make it), 1 anything else.`;

export function parseMessagingArgs(argv: readonly string[]): AddUserArgs {
  const [sub, ...rest] = argv;
  if (sub !== 'add-user') throw new UsageError(`unknown messaging command ${sub ?? '(none)'}`);
  const parsed = strictOptions(rest, {
    cert: { type: 'string' },
    device: { type: 'string' },
    config: { type: 'string' },
    servers: { type: 'string', multiple: true },
    roots: { type: 'string' },
    out: { type: 'string' },
    level: { type: 'string' },
    replace: { type: 'boolean' },
    reload: { type: 'boolean' },
    'admin-seed': { type: 'string' },
    ...TOKEN_OPTIONS,
  });
  const { cert, device, config, roots, out } = parsed;
  if (cert === undefined || device === undefined || config === undefined || roots === undefined || out === undefined || parsed.servers === undefined) {
    throw new UsageError('add-user needs --cert, --device, --config, --servers, --roots and --out');
  }
  if (!isMessagingId(device)) throw new UsageError('--device: lower-case letters, digits and "-", at most 32');
  if (parsed['admin-seed'] !== undefined && parsed.reload !== true) throw new UsageError('--admin-seed needs --reload: the bucket is made once the server lists the official');
  const level = parsed.level ?? 'unclassified';
  if (!(CLASSIFICATION_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level must be one of ${CLASSIFICATION_LEVELS.join(', ')}`);
  return {
    command: 'messaging add-user',
    certificate: cert,
    device,
    roster: config,
    servers: parsed.servers.flatMap((list) => list.split(',')).map((url) => url.trim()).filter((url) => url !== ''),
    roots,
    output: out,
    level: level as Classification,
    replace: parsed.replace === true,
    reload: parsed.reload === true,
    adminSeed: parsed['admin-seed'],
    token: parsed.token,
    pinEnv: parsed['pin-env'],
    pinStdin: parsed['pin-stdin'] === true,
    json: parsed.json === true,
  };
}

/** The roots file as given; the hand-over's parser checks it holds certificates. */
export function readRoots(file: string): string {
  return readFileSync(file, 'utf8');
}
