// Step 3 of "Opening": the reader's own stanzas, in the header's order, one per key of the user's
// (the first stanza naming it); then every unwrapped key must agree.
import { type KeyObject, type X509Certificate, constants, createECDH, privateDecrypt } from 'node:crypto';
import { fail } from './errors.js';
import type { Header, Stanza } from './header.js';
import { fingerprint, hkdf, unwrapAesKw } from './primitives.js';

export interface Holder {
  certificate: X509Certificate;
  privateKey: KeyObject;
}

function pointOf(certificate: X509Certificate): Buffer | null {
  const jwk = certificate.publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) return null;
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
}

function unwrapRsa(stanza: Stanza, holder: Holder): Buffer | null {
  const jwk = holder.certificate.publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n) return null;
  const modulus = Buffer.from(jwk.n, 'base64url');
  // Exactly the modulus' length and numerically below it, else damage (never asked of the key).
  if (stanza.wrapped.length !== modulus.length || Buffer.compare(stanza.wrapped, modulus) >= 0) return null;
  try {
    return privateDecrypt({ key: holder.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, stanza.wrapped);
  } catch {
    return null;
  }
}

function unwrapEc(stanza: Stanza, holder: Holder): Buffer | null {
  const recipient = pointOf(holder.certificate);
  const d = holder.privateKey.export({ format: 'jwk' }).d;
  if (!recipient || !d || !stanza.ephemeral) return null;
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(d, 'base64url'));
  let z: Buffer;
  try {
    z = ecdh.computeSecret(stanza.ephemeral); // the x-coordinate; throws for a point not on P-256
  } catch {
    return null;
  }
  const kek = hkdf(z, Buffer.concat([stanza.ephemeral, recipient]), 'airlock-container/1 file key');
  return unwrapAesKw(kek, stanza.wrapped);
}

export function fileKeyOf(header: Header, holders: Holder[]): Buffer {
  const mine: { stanza: Stanza; holder: Holder }[] = [];
  for (const holder of holders) {
    const print = fingerprint(holder.certificate.raw);
    const stanza = header.stanzas.find((s) => s.fingerprint === print);
    if (stanza) mine.push({ stanza, holder });
  }
  if (mine.length === 0) fail('notRecipient', 'no stanza for the user\'s certificates');
  mine.sort((a, b) => header.stanzas.indexOf(a.stanza) - header.stanzas.indexOf(b.stanza));
  const keys = mine.map(({ stanza, holder }) => {
    const key = stanza.scheme === 'rsa-oaep-sha256' ? unwrapRsa(stanza, holder) : unwrapEc(stanza, holder);
    if (!key || key.length !== 32) return fail('recipientStanzaDamaged', 'stanza does not unwrap', { recipient: stanza.fingerprint });
    return key;
  });
  const [first, ...others] = keys as [Buffer, ...Buffer[]];
  if (others.some((key) => !key.equals(first))) fail('headerTampered', 'the user\'s stanzas give different keys');
  return first;
}
