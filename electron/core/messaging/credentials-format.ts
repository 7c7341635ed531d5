/**
 * The cipher officer's hand-over (docs/messaging.md "Credentials"): `airlock-messaging-credentials/1`,
 * a small JSON object that travels only inside an Airlock container encrypted to the official's
 * certificate. Parsing checks everything a connection will rely on, so a bad hand-over is refused at
 * import, not at the first connection.
 */
import { fromSeed } from '@nats-io/nkeys';
import { z } from 'zod';
import { DomainError } from '../domain-error.js';
import { parseCertificates } from '../certificates/parsed-certificate.js';
import type { MessagingCredentials } from './messaging-ports.js';
import { isMessagingId } from './subjects.js';

export const CREDENTIALS_FORMAT = 'airlock-messaging-credentials/1';
/** The container's metadata media type: a hand-over is told from a document before it is parsed. */
export const CREDENTIALS_MEDIA_TYPE = 'application/vnd.airlock.messaging-credentials+json';
/** A hand-over is a few kilobytes (the roots dominate); anything larger is not one. */
export const MAX_CREDENTIALS_BYTES = 256 * 1024;

const Id = z.string().refine(isMessagingId);
const HandOver = z.strictObject({
  format: z.literal(CREDENTIALS_FORMAT),
  user: Id,
  device: Id,
  /** The public key the server configuration lists, `U…`: checked against the seed. */
  nkey: z.string().regex(/^U[A-Z2-7]{55}$/),
  seed: z.string().regex(/^SU[A-Z2-7]{56}$/),
  servers: z.array(z.string().regex(/^tls:\/\/[A-Za-z0-9.\-[\]:]+:\d{1,5}$/)).min(1).max(16),
  rootsPem: z.string().max(128 * 1024),
});

export interface HandOverCredentials extends MessagingCredentials {
  readonly nkey: string;
}

/** The hand-over's bytes. The caller zeroes them once encrypted. */
export function encodeCredentials(credentials: HandOverCredentials): Buffer {
  const seed = Buffer.from(credentials.seed).toString('ascii');
  return Buffer.from(
    JSON.stringify({ format: CREDENTIALS_FORMAT, user: credentials.user, device: credentials.device, nkey: credentials.nkey, seed, servers: credentials.servers, rootsPem: credentials.rootsPem }),
    'utf8',
  );
}

/** Parses and checks a hand-over: `messaging.credentialsFormat` for anything that is not a valid one. */
export function decodeCredentials(bytes: Uint8Array): HandOverCredentials {
  let parsed: z.infer<typeof HandOver>;
  try {
    parsed = HandOver.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch {
    throw new DomainError('messaging.credentialsFormat');
  }
  const seed = new Uint8Array(Buffer.from(parsed.seed, 'ascii'));
  if (!seedMatches(seed, parsed.nkey) || !rootsUsable(parsed.rootsPem)) {
    seed.fill(0);
    throw new DomainError('messaging.credentialsFormat');
  }
  return { user: parsed.user, device: parsed.device, nkey: parsed.nkey, seed, servers: parsed.servers, rootsPem: parsed.rootsPem };
}

/** The seed is a user's NKEY seed whose public key is the one the server lists. */
function seedMatches(seed: Uint8Array, nkey: string): boolean {
  try {
    const pair = fromSeed(Uint8Array.from(seed));
    try {
      return pair.getPublicKey() === nkey;
    } finally {
      pair.clear();
    }
  } catch {
    return false;
  }
}

function rootsUsable(pem: string): boolean {
  try {
    return parseCertificates(pem).length > 0;
  } catch {
    return false;
  }
}
