/**
 * The official's side of the hand-over: the container the cipher officer made is opened on the
 * official's token with every container check (key, MAC, chunks, the officer's signature and chain),
 * the credentials inside are checked (format, seed against the listed public key, that they name
 * this official), then sealed in the live zone's store. docs/messaging.md "Credentials".
 */
import path from 'node:path';
import type { AuditRecorder } from '../audit-recorder.js';
import { DomainError } from '../domain-error.js';
import { ContainerError } from '../documents/container-error.js';
import { openContainer, type RecipientKey, type SignerTrust } from '../documents/container-reader.js';
import type { ContainerLabel } from '../documents/container-format.js';
import { CREDENTIALS_MEDIA_TYPE, MAX_CREDENTIALS_BYTES, decodeCredentials, type HandOverCredentials } from './credentials-format.js';
import { messagingIdOf } from './messaging-address.js';
import type { SealedCredentialsStore } from './sealed-credentials-store.js';

export interface CredentialsImportDeps {
  /** The unlocked token's keys (and their certificates). */
  readonly keys: readonly RecipientKey[];
  readonly trust: SignerTrust;
  readonly store: SealedCredentialsStore;
  readonly audit: AuditRecorder;
  /** The live zone's label gate, as for a document. */
  readonly gate?: (label: ContainerLabel) => void;
  readonly now?: () => Date;
}

export async function importCredentials(file: string, deps: CredentialsImportDeps): Promise<{ user: string; servers: readonly string[] }> {
  const details = { file: path.basename(file) };
  let credentials: HandOverCredentials | undefined;
  try {
    const opened = await openHandOver(file, deps);
    credentials = opened.credentials;
    await deps.store.save(credentials, (deps.now ?? (() => new Date()))());
    deps.audit.record('messaging.credentialsImported', 'ok', { ...details, messagingUser: credentials.user, device: credentials.device, signer: opened.signer });
    return { user: credentials.user, servers: credentials.servers };
  } catch (error) {
    const code = error instanceof DomainError ? error.code : 'failed';
    deps.audit.record('messaging.credentialsImported', error instanceof DomainError && code.startsWith('messaging.') ? 'refused' : 'failed', { ...details, code });
    throw error;
  } finally {
    credentials?.seed.fill(0);
  }
}

/**
 * The hand-over opened and checked, nothing kept: the credentials (the caller zeroes the seed) and
 * the officer's fingerprint. The command line connects with them for one run (cli-backup.ts).
 */
export async function openHandOver(file: string, deps: Pick<CredentialsImportDeps, 'keys' | 'trust' | 'gate'>): Promise<{ credentials: HandOverCredentials; signer: string }> {
  let plaintext: Buffer | undefined;
  try {
    const opened = await openContainer({ path: file, keys: deps.keys, trust: deps.trust, ...(deps.gate === undefined ? {} : { gate: deps.gate }), sink: { kind: 'memory', maxBytes: MAX_CREDENTIALS_BYTES } }).catch((error: unknown) => {
      throw containerRefusal(error);
    });
    plaintext = opened.plaintext;
    if (plaintext === undefined || opened.metadata.mediaType !== CREDENTIALS_MEDIA_TYPE) throw new DomainError('messaging.credentialsFormat');
    const credentials = decodeCredentials(plaintext);
    // The container could be addressed to this token and still carry another official's account.
    if (!deps.keys.some((key) => messagingIdOf(key.certificateDer) === credentials.user)) {
      credentials.seed.fill(0);
      throw new DomainError('messaging.credentialsNotForYou');
    }
    return { credentials, signer: opened.signer.fingerprint };
  } finally {
    plaintext?.fill(0);
  }
}

/** A container the token cannot open is not this official's; any other failed check is damage. */
function containerRefusal(error: unknown): unknown {
  if (!(error instanceof ContainerError)) return error;
  return new DomainError(error.problem === 'notRecipient' ? 'messaging.credentialsNotForYou' : 'messaging.credentialsDamaged', undefined, { cause: error });
}
