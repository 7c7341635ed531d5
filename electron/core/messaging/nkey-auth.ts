import type { Authenticator } from '@nats-io/transport-node';
import { encode, fromSeed } from '@nats-io/nkeys';

/**
 * Answers the server's nonce with the user's NKEY. The key pair is made from a copy of the seed
 * for one handshake and cleared (`KeyPair.clear` zeroes the seed it was given) as soon as it signed;
 * the caller's seed is read, never retained here, never logged.
 */
export function nkeySeedAuthenticator(seed: () => Uint8Array): Authenticator {
  return (nonce?: string) => {
    const pair = fromSeed(Uint8Array.from(seed()));
    try {
      const sig = nonce === undefined ? '' : encode(pair.sign(new TextEncoder().encode(nonce)));
      return { nkey: pair.getPublicKey(), sig };
    } finally {
      pair.clear();
    }
  };
}
