import { ECDH, X509Certificate } from 'node:crypto';
import { sha256Hex } from '../certificates/parsed-certificate.js';
import { unwrapKeyWith, type RecipientKeyOperations } from '../crypto/key-wrap.js';
import { DomainError } from '../domain-error.js';
import { FILE_KEY_INFO, macMatches } from './container-crypto.js';
import { ContainerError } from './container-error.js';
import { STANZA_SCHEMES, type ParsedHeader, type Stanza } from './container-format.js';

/** A key on the user's token that may be a recipient. */
export interface RecipientKey {
  readonly certificateDer: Uint8Array;
  readonly operations: RecipientKeyOperations;
}

const FILE_KEY_BYTES = 32;

/**
 * The file key, from every stanza addressed to one of `keys` (docs/container.md "Opening", step 2).
 * One answer per file: the stanzas are taken in the header's order, never in the order the token
 * lists its keys (PKCS#11 leaves that open; SoftHSM's changes from one process to the next), and
 * all of them are unwrapped, so a damaged one is named whichever key would have come first. One
 * stanza per key, the first: a file repeating a recipient cannot make the token work 1024 times
 * (the repeats are covered by the header MAC).
 */
export async function unwrapFileKey(header: ParsedHeader, keys: readonly RecipientKey[]): Promise<Uint8Array> {
  const unused = new Map(keys.map((key) => [sha256Hex(key.certificateDer), key]));
  const mine = header.stanzas.flatMap((stanza) => {
    const key = unused.get(stanza.recipient);
    unused.delete(stanza.recipient);
    return key === undefined ? [] : [{ stanza, key }];
  });
  const [first, ...others] = mine;
  if (first === undefined) throw new ContainerError('notRecipient');
  const fileKey = await unwrapStanza(first.stanza, first.key);
  try {
    for (const { stanza, key } of others) {
      const unwrapped = await unwrapStanza(stanza, key);
      const same = macMatches(fileKey, unwrapped);
      unwrapped.fill(0);
      if (!same) throw new ContainerError('headerTampered', { reason: 'my stanzas hold different keys' });
    }
  } catch (error) {
    fileKey.fill(0);
    throw error;
  }
  return fileKey;
}

/**
 * A stanza that does not open with the key it names is damaged (`recipientStanzaDamaged`); only the
 * token failing — pulled out, logged out, its process gone — stays a token error. Data a token
 * could answer in its own way (an RSA number not below the modulus, a point off the curve) is
 * refused here first, so no module's quirk decides the answer.
 */
async function unwrapStanza(stanza: Stanza, key: RecipientKey): Promise<Uint8Array> {
  const damaged = (): ContainerError => new ContainerError('recipientStanzaDamaged', { recipient: stanza.recipient });
  if (!fitsKey(stanza, new X509Certificate(Buffer.from(key.certificateDer)))) throw damaged();
  let unwrapped: Uint8Array;
  try {
    unwrapped = await unwrapKeyWith({ recipient: stanza.recipient, scheme: STANZA_SCHEMES[stanza.scheme], ephemeral: stanza.ephemeral, wrapped: stanza.wrapped }, key.certificateDer, key.operations, FILE_KEY_INFO);
  } catch (error) {
    // token.decryptFailed is the token saying the data does not decrypt under its key: damage.
    if (error instanceof DomainError && error.code !== 'token.decryptFailed') throw error;
    throw damaged();
  }
  if (unwrapped.length !== FILE_KEY_BYTES) {
    unwrapped.fill(0);
    throw damaged();
  }
  return unwrapped;
}

/** RSA: as many bytes as the modulus and a number below it (RFC 8017 §5.1.2). EC: a point on P-256. */
function fitsKey(stanza: Stanza, certificate: X509Certificate): boolean {
  const publicKey = certificate.publicKey;
  if (stanza.scheme === 'rsa-oaep-sha256') {
    if (publicKey.asymmetricKeyType !== 'rsa') return false;
    const modulus = Buffer.from(publicKey.export({ format: 'jwk' }).n ?? '', 'base64url');
    const bytes = Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    const padded = Buffer.concat([Buffer.alloc(Math.max(0, bytes - modulus.length)), modulus]);
    return stanza.wrapped.length === bytes && Buffer.compare(Buffer.from(stanza.wrapped), padded) < 0;
  }
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return false;
  try {
    ECDH.convertKey(Buffer.from(stanza.ephemeral), 'prime256v1'); // OpenSSL refuses a point off the curve
    return true;
  } catch {
    return false;
  }
}
