import { X509Certificate } from 'node:crypto';
import type { RecipientKeyOperations } from '../../electron/core/crypto/key-wrap.js';
import type { TokenService } from '../../electron/core/token/token-service.js';
import type { TokenRef } from '../../shared/domain/token.js';

/** The real token as an unwrapping recipient: OAEP decrypt and ECDH both happen on the token. */
export function tokenRecipient(tokens: TokenService, ref: TokenRef, keyId: string, certificatePem: string): { certificateDer: Uint8Array; operations: RecipientKeyOperations } {
  return {
    certificateDer: new Uint8Array(new X509Certificate(certificatePem).raw),
    operations: {
      decryptOaep: async (ciphertext) => (await tokens.decrypt(ref, keyId, 'rsaOaepSha256', ciphertext)).plaintext,
      deriveEcdh: (point) => tokens.deriveEcdh(ref, keyId, point),
    },
  };
}
