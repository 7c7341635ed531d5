import type { TokenRef } from '../../../shared/domain/token.js';
import type { TokenSigner } from '../signing/token-signer.js';
import type { RecipientKeyOperations } from '../crypto/key-wrap.js';
import type { TokenKeyPort } from './token-service.js';

/** A key on the token with its certificate: what stores are wrapped to and what signs (checkpoints, switch intents). */
export interface TokenKeyHolder {
  readonly certificateDer: Uint8Array;
  readonly operations: RecipientKeyOperations;
  readonly signer: TokenSigner;
  /** The key's id on the token (hex), which orders the holders. */
  readonly keyId: string;
  /** CKA_ALWAYS_AUTHENTICATE: `signer` alone is refused (token.contextPinRequired); sign with `signerWithPin`. */
  readonly alwaysAuthenticate: boolean;
  /** The same key, its PIN given again for the signatures made through it (a context-specific login each time). */
  signerWithPin(contextPin: string): TokenSigner;
}

/**
 * Keys on the token that can hold a store or sign: RSA ≥ 2048 or EC P-256 with a certificate, never
 * an unsafe key. In the order of their key ids: PKCS#11 does not fix the order objects are found in
 * (SoftHSM's changes from one process to the next), and callers that take the first one must get
 * the same one every time.
 */
export async function tokenKeyHolders(tokens: TokenKeyPort, ref: TokenRef): Promise<TokenKeyHolder[]> {
  const [certificates, keys] = await Promise.all([tokens.certificates(ref), tokens.keys(ref)]);
  const ordered = [...certificates].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : Buffer.compare(a.der, b.der)));
  return ordered.flatMap((certificate) => {
    const key = keys.find((candidate) => candidate.keyId === certificate.keyId && candidate.safe && (candidate.kind === 'rsa' || candidate.kind === 'ec'));
    if (key === undefined) return [];
    const scheme = key.kind === 'rsa' ? ('rsaPssSha256' as const) : ('ecdsaSha256' as const);
    return [
      {
        certificateDer: certificate.der,
        operations: {
          decryptOaep: async (ciphertext: Uint8Array) => (await tokens.decrypt(ref, key.keyId, 'rsaOaepSha256', ciphertext)).plaintext,
          deriveEcdh: (point: Uint8Array) => tokens.deriveEcdh(ref, key.keyId, point),
        },
        signer: { scheme, certificateDer: certificate.der, sign: (digest: Uint8Array) => tokens.sign(ref, key.keyId, scheme, digest) },
        keyId: key.keyId,
        alwaysAuthenticate: key.alwaysAuthenticate,
        signerWithPin: (contextPin: string): TokenSigner => ({ scheme, certificateDer: certificate.der, sign: (digest: Uint8Array) => tokens.sign(ref, key.keyId, scheme, digest, { contextPin }) }),
      },
    ];
  });
}

/**
 * The keys the app may use unattended, in key-id order: those that do not ask the PIN for every
 * operation (CKA_ALWAYS_AUTHENTICATE, a government token's non-repudiation key). The session's key
 * (docs/store.md "The session's key"), a zone switch's signed intent and a container's sender key
 * are the first of them; only a document signature asks such a key's PIN (docs/signing.md).
 */
export function unattendedKeyHolders(holders: readonly TokenKeyHolder[]): TokenKeyHolder[] {
  return holders.filter((holder) => !holder.alwaysAuthenticate);
}
