// A SOFTWARE stand-in for a token's private key (real RSA/EC crypto, key in this process), for
// store tests whose subject is SQLite durability, not the token — e.g. a child process killed
// hundreds of times. Tests of unlocking by token use the real SoftHSM token instead.
import { constants, createECDH, createPrivateKey, generateKeyPairSync, privateDecrypt, webcrypto, type KeyObject } from 'node:crypto';
import { X509CertificateGenerator } from '../../electron/core/certificates/x509.js';
import type { RecipientKeyOperations } from '../../electron/core/crypto/key-wrap.js';

export interface SoftwareRecipient {
  readonly certificateDer: Uint8Array;
  readonly operations: RecipientKeyOperations;
  /** PKCS#8 PEM, for a child process that must unlock the same store. */
  readonly privateKeyPem: string;
}

export async function softwareRecipient(kind: 'rsa' | 'ec', name = 'Software Recipient'): Promise<SoftwareRecipient> {
  const pair =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pair.privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', pair.publicKey.export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']),
  };
  const certificate = await X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: `CN=${name}`, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), keys, signingAlgorithm: algorithm }, webcrypto as unknown as Crypto);
  return {
    certificateDer: new Uint8Array(certificate.rawData),
    operations: operationsFor(pair.privateKey, kind),
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

function operationsFor(privateKey: KeyObject, kind: 'rsa' | 'ec'): RecipientKeyOperations {
  // The EC key set up once, not exported to JWK for every message (a bench's cost that no token has).
  const ecdh = kind === 'ec' ? createECDH('prime256v1') : undefined;
  ecdh?.setPrivateKey(Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url'));
  return {
    decryptOaep: (ciphertext) => {
      if (kind !== 'rsa') return Promise.reject(new Error('not an RSA key'));
      return Promise.resolve(new Uint8Array(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext)));
    },
    deriveEcdh: (point) => {
      if (ecdh === undefined) return Promise.reject(new Error('not an EC key'));
      return Promise.resolve(new Uint8Array(ecdh.computeSecret(point)));
    },
  };
}

/** A recipient from a key file and its certificate (the committed test vectors' keys). */
export function recipientFromPem(certificateDer: Uint8Array, privateKeyPem: string): SoftwareRecipient {
  const privateKey = createPrivateKey(privateKeyPem);
  return { certificateDer, operations: operationsFor(privateKey, privateKey.asymmetricKeyType === 'rsa' ? 'rsa' : 'ec'), privateKeyPem };
}
