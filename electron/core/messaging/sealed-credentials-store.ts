import type { LookupDerivations } from '../store/data-key-rotation.js';
import type { SealedStore } from '../store/sealed-store.js';
import type { HandOverCredentials } from './credentials-format.js';
import type { CredentialsSource, MessagingCredentials } from './messaging-ports.js';

export const CREDENTIALS = 'messagingCredentials';
/**
 * One set of credentials per official in a zone store, found by the blind index of their messaging
 * id: a workstation's store has one official, a training workstation's is shared by its trainees.
 */
const keyOf = (user: string): string => `credentials:${user}`;

/** How a data-key rotation makes the credentials' blind index again (data-key-rotation.ts). */
export const CREDENTIALS_LOOKUPS: LookupDerivations = { [CREDENTIALS]: (value) => keyOf((value as SealedCredentials).user) };

interface SealedCredentials {
  readonly user: string;
  readonly device: string;
  readonly nkey: string;
  readonly seed: string;
  readonly servers: readonly string[];
  readonly rootsPem: string;
  readonly importedAt: string;
}

/**
 * The messaging credentials of the live zone, in its sealed store: the seed is readable only once
 * the store is unlocked with the token and PIN, and a locked store fails every call (store.locked).
 * `load()` hands out a fresh copy of the seed each time; its caller zeroes it.
 */
export class SealedCredentialsStore implements CredentialsSource {
  /** `users`: the messaging ids of the unlocked token's certificates (messagingIdOf each). */
  constructor(
    private readonly store: () => Promise<SealedStore>,
    private readonly users: () => Promise<readonly string[]>,
  ) {}

  async load(): Promise<MessagingCredentials | undefined> {
    const record = await this.#record();
    if (record === undefined) return undefined;
    const { user, device, seed, servers, rootsPem } = record.value;
    return { user, device, seed: new Uint8Array(Buffer.from(seed, 'ascii')), servers, rootsPem };
  }

  /** The messaging id the credentials are for (the key that signs as this official), without handing out the seed. */
  async account(): Promise<string | undefined> {
    return (await this.#record())?.value.user;
  }

  async #record() {
    const store = await this.store();
    return (await this.users()).map((user) => store.find<SealedCredentials>(CREDENTIALS, keyOf(user))[0]).find((found) => found !== undefined);
  }

  /** Replaces the official's credentials in the zone (a new hand-over supersedes the old one). */
  async save(credentials: HandOverCredentials, importedAt: Date): Promise<void> {
    const store = await this.store();
    const value: SealedCredentials = {
      user: credentials.user,
      device: credentials.device,
      nkey: credentials.nkey,
      seed: Buffer.from(credentials.seed).toString('ascii'),
      servers: [...credentials.servers],
      rootsPem: credentials.rootsPem,
      importedAt: importedAt.toISOString(),
    };
    store.transaction(() => {
      for (const record of store.find(CREDENTIALS, keyOf(value.user))) store.delete(record.id);
      store.put(CREDENTIALS, value, keyOf(value.user));
    });
  }
}
