// A SOFTWARE signer (the key in this process) with the TokenSigner contract — a SHA-256 digest in,
// an ECDSA P-256 signature in DER out, as the token gives it — for benchmarks that measure the
// messaging pipeline apart from the token. node:crypto cannot sign a precomputed digest, so the
// ECDSA is @noble/curves' (prehash off: the digest is signed as given). Never for real keys.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256 } from '@noble/curves/nist.js';
import type { TokenSigner } from '../../electron/core/signing/token-signer.js';
import { pemToDer } from './softhsm/test-pki.js';

export function softwareEcSigner(keyFile: string, certificateFile: string): TokenSigner {
  const jwk = createPrivateKey(readFileSync(keyFile, 'utf8')).export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || jwk.d === undefined) throw new Error(`${keyFile} is not a P-256 key`);
  const secret = new Uint8Array(Buffer.from(jwk.d, 'base64url'));
  return {
    scheme: 'ecdsaSha256',
    certificateDer: new Uint8Array(pemToDer(readFileSync(certificateFile, 'utf8'))),
    sign: (digest) => Promise.resolve(p256.sign(digest, secret, { prehash: false, format: 'der' })),
  };
}
