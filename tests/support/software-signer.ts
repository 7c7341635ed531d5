// A SOFTWARE signer (the key in this process) with the TokenSigner contract, for benchmarks that
// measure the messaging pipeline apart from the token and tests whose subject is not the token.
// signAndCheck gives it the bytes to sign (signBytes): node:crypto signs them as OpenSSL does,
// ~0.1 ms. `sign` takes a SHA-256 digest as the token does and returns ECDSA P-256 DER; node:crypto
// cannot sign a precomputed digest, so that path is @noble/curves' (prehash off, ~1.3 ms).
// Never for real keys.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256 } from '@noble/curves/nist.js';
import type { TokenSigner } from '../../electron/core/signing/token-signer.js';
import { pemToDer } from './softhsm/test-pki.js';

export function softwareEcSigner(keyFile: string, certificateFile: string): TokenSigner {
  const key = createPrivateKey(readFileSync(keyFile, 'utf8'));
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || jwk.d === undefined) throw new Error(`${keyFile} is not a P-256 key`);
  const secret = new Uint8Array(Buffer.from(jwk.d, 'base64url'));
  return {
    scheme: 'ecdsaSha256',
    certificateDer: new Uint8Array(pemToDer(readFileSync(certificateFile, 'utf8'))),
    sign: (digest) => Promise.resolve(p256.sign(digest, secret, { prehash: false, format: 'der' })),
    signBytes: (signed) => Promise.resolve(new Uint8Array(sign('sha256', signed, { key, dsaEncoding: 'der' }))),
  };
}
