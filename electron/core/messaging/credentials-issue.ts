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
import { createUser } from '@nats-io/nkeys';
import { encryptContainer } from '../documents/container-writer.js';
import type { ContainerLabel } from '../documents/container-format.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { CREDENTIALS_MEDIA_TYPE, encodeCredentials } from './credentials-format.js';
import { messagingIdOf } from './messaging-address.js';
import { addUser, parseRoster, saveRoster } from './server-roster.js';

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
      source: Readable.from([plaintext]),
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
