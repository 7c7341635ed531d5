/**
 * The cipher officer's side of the hand-over (docs/messaging.md "Credentials"): a new NKEY for the
 * official, the hand-over encrypted to their certificate and signed on the officer's token, the
 * official listed in the officer's server file and the configuration written again. The seed exists
 * only in memory, for the time it takes to encrypt it: the officer's workstation keeps no copy.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createUser, fromSeed } from '@nats-io/nkeys';
import { connect } from '@nats-io/transport-node';
import { provisionAttachmentBucket } from './attachment-bucket.js';
import { nkeySeedAuthenticator } from './nkey-auth.js';
import { ADMIN_REPLY_PREFIX } from './server-config.js';
import { encryptContainer } from '../documents/container-writer.js';
import type { ContainerLabel } from '../documents/container-format.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { CREDENTIALS_MEDIA_TYPE, encodeCredentials } from './credentials-format.js';
import { messagingIdOf } from './messaging-address.js';
import { addUser, parseRoster, saveRoster, type ServerRoster } from './server-roster.js';

export interface IssueOptions {
  /** The officer's server file (`airlock-messaging-server/1`). */
  readonly rosterFile: string;
  /** The official's certificate (DER): the account is named from it and the hand-over encrypted to it. */
  readonly certificateDer: Uint8Array;
  readonly device: string;
  readonly servers: readonly string[];
  readonly rootsPem: string;
  readonly output: string;
  readonly label: ContainerLabel;
  readonly signer: TokenSigner;
  readonly chain: readonly Uint8Array[];
  /** Issue a new key for an official already listed (their earlier hand-overs stop working). */
  readonly replace: boolean;
}

export interface IssueResult {
  readonly user: string;
  readonly device: string;
  readonly nkey: string;
  readonly output: string;
  readonly confFile: string;
  readonly pidFile: string;
}

export async function issueCredentials(options: IssueOptions): Promise<IssueResult> {
  const roster = parseRoster(await readFile(options.rosterFile, 'utf8'));
  const user = messagingIdOf(options.certificateDer);
  const pair = createUser();
  const nkey = pair.getPublicKey();
  // Checked before the hand-over is written: a listed official without --replace changes nothing.
  const updated = addUser(roster, { id: user, nkey, device: options.device }, options.replace);
  const seed = pair.getSeed();
  const plaintext = encodeCredentials({ user, device: options.device, nkey, seed, servers: options.servers, rootsPem: options.rootsPem });
  try {
    const written = await encryptContainer({
      source: { kind: 'stream', stream: Readable.from([plaintext]) },
      output: options.output,
      label: options.label,
      metadata: { fileName: `messaging-${user}-${options.device}.json`, mediaType: CREDENTIALS_MEDIA_TYPE },
      recipients: [options.certificateDer],
      signer: options.signer,
      chain: options.chain,
    });
    // The server learns the key only once the hand-over exists: a failed write leaves the file as it was.
    const { confFile, pidFile } = await saveRoster(updated, options.rosterFile);
    return { user, device: options.device, nkey, output: written.output, confFile, pidFile };
  } finally {
    plaintext.fill(0);
    seed.fill(0);
    pair.clear();
  }
}

/** `nats-server --signal reload=<pid file>`: the running server reads its configuration again (SIGHUP). */
export async function reloadServer(pidFile: string): Promise<void> {
  await promisify(execFile)('nats-server', ['--signal', `reload=${pidFile}`], { timeout: 10_000 });
}

/**
 * The new official's attachment bucket, made by the administrator (officials cannot create streams):
 * the seed file is the administrator's NKEY seed (`SU…`, a file only the officer reads), checked
 * against the server file's `adminNkey` before anything is sent. Replicated like the inbox: one
 * copy on a single server, three in a cluster. Run after the reload, so the others' entries already
 * name the new bucket for reading (natsServerConfig lists every official as a sender).
 */
export async function provisionUserBucket(options: { readonly rosterFile: string; readonly user: string; readonly adminSeedFile: string; readonly servers: readonly string[]; readonly rootsPem: string }): Promise<void> {
  const roster = parseRoster(await readFile(options.rosterFile, 'utf8'));
  const seed = new Uint8Array((await readFile(options.adminSeedFile)).subarray(0, 58));
  try {
    if (fromSeed(seed).getPublicKey() !== roster.server.adminNkey) throw new Error(`${options.adminSeedFile} is not the seed of the server file's administrator (${roster.server.adminNkey})`);
    const admin = await connect({ servers: [...options.servers], tls: { ca: options.rootsPem }, authenticator: nkeySeedAuthenticator(() => seed), inboxPrefix: ADMIN_REPLY_PREFIX, timeout: 10_000 });
    try {
      await provisionAttachmentBucket(admin, options.user, { replicas: replicasOf(roster), timeoutMs: 15_000 });
    } finally {
      await admin.close();
    }
  } finally {
    seed.fill(0);
  }
}

/** The inbox stream's replication (docs/messaging.md "Cluster"): R3 in a cluster, R1 on one server. */
const replicasOf = (roster: ServerRoster): number => (roster.server.cluster === undefined ? 1 : Math.min(3, roster.server.cluster.routes.length + 1));
