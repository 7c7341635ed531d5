import pkcs11js from 'pkcs11js';
import type { TokenRef } from '../../shared/domain/token.js';
import type { DecryptMechanism, SignMechanism } from '../core/token/protocol.js';
import { ecdsaRawToDer } from './ecdsa-der.js';
import { TokenOperationError } from './failures.js';
import { oaepSha256Decode } from './oaep-decode.js';
import type { Pkcs11Tokens } from './pkcs11-tokens.js';

/**
 * The fixed mechanism parameters. Nothing from a request is passed to pkcs11js as a mechanism or
 * parameter: requests name one of these, and pkcs11js (which can abort the process on a malformed
 * parameter) only ever sees shapes built here.
 */
const RSA_PSS_SHA256: pkcs11js.Mechanism = {
  mechanism: pkcs11js.CKM_RSA_PKCS_PSS,
  parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, hashAlg: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256, saltLen: 32 } as pkcs11js.RsaPSS,
};
const CKZ_DATA_SPECIFIED = 1;
const RSA_OAEP_SHA256: pkcs11js.Mechanism = {
  mechanism: pkcs11js.CKM_RSA_PKCS_OAEP,
  parameter: { type: pkcs11js.CK_PARAMS_RSA_OAEP, hashAlg: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256, source: CKZ_DATA_SPECIFIED } as pkcs11js.RsaOAEP,
};
const RSA_RAW: pkcs11js.Mechanism = { mechanism: pkcs11js.CKM_RSA_X_509 };
const ECDSA: pkcs11js.Mechanism = { mechanism: pkcs11js.CKM_ECDSA };
const AES_KEY_WRAP: pkcs11js.Mechanism = { mechanism: pkcs11js.CKM_AES_KEY_WRAP };

const SHA256_LENGTH = 32;

/** PKCS#11 §5.6: the user type of a login that authorises the one operation just initialised. */
const CKU_CONTEXT_SPECIFIC = 2;

/**
 * Signs a SHA-256 digest computed by the caller (documents are hashed while streaming). A key with
 * CKA_ALWAYS_AUTHENTICATE signs only after a context-specific login right after C_SignInit: with
 * `contextPin`, done here; without, refused before the token is asked (contextPinRequired).
 */
export function signDigest(tokens: Pkcs11Tokens, ref: TokenRef, keyId: string, mechanism: SignMechanism, digest: Uint8Array, contextPin?: string): Uint8Array {
  if (digest.length !== SHA256_LENGTH) throw new TokenOperationError('badRequest');
  const { session, handle, info } = tokens.key(ref, keyId, 'private');
  if (info.alwaysAuthenticate && contextPin === undefined) throw new TokenOperationError('contextPinRequired');
  return tokens.run(ref, (module) => {
    const init = (params: pkcs11js.Mechanism): void => {
      module.C_SignInit(session, params, handle);
      if (!info.alwaysAuthenticate || contextPin === undefined) return;
      try {
        module.C_Login(session, CKU_CONTEXT_SPECIFIC, contextPin);
      } catch (error) {
        // A refused login leaves the operation initialised: end it, so the session's next C_SignInit is not CKR_OPERATION_ACTIVE.
        try {
          module.C_Sign(session, Buffer.from(digest), Buffer.alloc(1024));
        } catch {
          // the token ends the operation on this failure too
        }
        throw error;
      }
    };
    if (mechanism === 'rsaPssSha256') {
      if (info.kind !== 'rsa' || info.bits < 2048) throw new TokenOperationError('mechanismUnsupported');
      init(RSA_PSS_SHA256);
      return new Uint8Array(module.C_Sign(session, Buffer.from(digest), Buffer.alloc(info.bits / 8)));
    }
    if (mechanism === 'ecdsaSha256') {
      if (info.kind !== 'ec') throw new TokenOperationError('mechanismUnsupported');
      init(ECDSA);
      return ecdsaRawToDer(module.C_Sign(session, Buffer.from(digest), Buffer.alloc(2 * SHA256_LENGTH + 8)));
    }
    // New PKCS#1 v1.5 signatures are never made (Circular 15/2025 asks for PSS); old ones are verified in software.
    throw new TokenOperationError('mechanismUnsupported');
  });
}

/** Which way each token decrypts OAEP-SHA256, found by a probe on first use. */
const oaepPaths = new WeakMap<Pkcs11Tokens, Map<string, 'token' | 'rawRsaSoftwareOaep'>>();

export function decrypt(tokens: Pkcs11Tokens, ref: TokenRef, keyId: string, _mechanism: DecryptMechanism, ciphertext: Uint8Array): { plaintext: Uint8Array; path: 'token' | 'rawRsaSoftwareOaep' } {
  const { session, handle, info } = tokens.key(ref, keyId, 'private');
  if (info.kind !== 'rsa' || info.bits < 2048) throw new TokenOperationError('mechanismUnsupported');
  if (ciphertext.length !== info.bits / 8) throw new TokenOperationError('decryptFailed');
  const paths = oaepPaths.get(tokens) ?? new Map<string, 'token' | 'rawRsaSoftwareOaep'>();
  oaepPaths.set(tokens, paths);
  const key = `${ref.serial}/${ref.label}`;

  return tokens.run(ref, (module) => {
    let path = paths.get(key);
    if (path !== 'rawRsaSoftwareOaep') {
      // Only the module refusing the mechanism sends this token to the fallback; a ciphertext it
      // cannot decrypt is an answer (decryptFailed), not a reason to stop using OAEP on the token.
      let refused = false;
      try {
        module.C_DecryptInit(session, RSA_OAEP_SHA256, handle);
      } catch (error) {
        if (path === 'token') throw error;
        refused = true;
      }
      if (!refused) {
        paths.set(key, 'token');
        return { plaintext: new Uint8Array(module.C_Decrypt(session, Buffer.from(ciphertext), Buffer.alloc(info.bits / 8))), path: 'token' };
      }
      path = 'rawRsaSoftwareOaep';
      paths.set(key, path);
    }
    module.C_DecryptInit(session, RSA_RAW, handle);
    const encoded = module.C_Decrypt(session, Buffer.from(ciphertext), Buffer.alloc(info.bits / 8));
    try {
      return { plaintext: new Uint8Array(oaepSha256Decode(encoded)), path };
    } catch {
      throw new TokenOperationError('decryptFailed');
    } finally {
      encoded.fill(0);
    }
  });
}

/** ECDH on the token; the shared secret leaves as a short-lived session object (ECDH-ES needs it). */
export function deriveEcdh(tokens: Pkcs11Tokens, ref: TokenRef, keyId: string, publicPoint: Uint8Array): Uint8Array {
  const { session, handle, info } = tokens.key(ref, keyId, 'private');
  if (info.kind !== 'ec') throw new TokenOperationError('mechanismUnsupported');
  return tokens.run(ref, (module) => {
    const derived = module.C_DeriveKey(
      session,
      { mechanism: pkcs11js.CKM_ECDH1_DERIVE, parameter: { type: pkcs11js.CK_PARAMS_EC_DH, kdf: pkcs11js.CKD_NULL, publicData: Buffer.from(publicPoint) } as pkcs11js.ECDH1 },
      handle,
      [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GENERIC_SECRET },
        { type: pkcs11js.CKA_VALUE_LEN, value: SHA256_LENGTH },
        { type: pkcs11js.CKA_TOKEN, value: false },
        { type: pkcs11js.CKA_SENSITIVE, value: false },
        { type: pkcs11js.CKA_EXTRACTABLE, value: true },
      ],
    );
    return readAndDestroy(module, session, derived);
  });
}

/** AES key wrap (RFC 3394) of a 256-bit data key under a token-resident AES key. */
export function wrapKey(tokens: Pkcs11Tokens, ref: TokenRef, keyId: string, keyToWrap: Uint8Array): Uint8Array {
  const { session, handle, info } = tokens.key(ref, keyId, 'secret');
  if (info.kind !== 'aes') throw new TokenOperationError('mechanismUnsupported');
  return tokens.run(ref, (module) => {
    const temporary = module.C_CreateObject(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
      { type: pkcs11js.CKA_TOKEN, value: false },
      { type: pkcs11js.CKA_EXTRACTABLE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: false },
      { type: pkcs11js.CKA_VALUE, value: Buffer.from(keyToWrap) },
    ]);
    try {
      return new Uint8Array(module.C_WrapKey(session, AES_KEY_WRAP, handle, temporary, Buffer.alloc(keyToWrap.length + 8)));
    } finally {
      module.C_DestroyObject(session, temporary);
    }
  });
}

export function unwrapKey(tokens: Pkcs11Tokens, ref: TokenRef, keyId: string, wrapped: Uint8Array): Uint8Array {
  const { session, handle, info } = tokens.key(ref, keyId, 'secret');
  if (info.kind !== 'aes') throw new TokenOperationError('mechanismUnsupported');
  return tokens.run(ref, (module) => {
    const unwrapped = module.C_UnwrapKey(session, AES_KEY_WRAP, handle, Buffer.from(wrapped), [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
      { type: pkcs11js.CKA_TOKEN, value: false },
      { type: pkcs11js.CKA_EXTRACTABLE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: false },
    ]);
    return readAndDestroy(module, session, unwrapped);
  });
}

function readAndDestroy(module: pkcs11js.PKCS11, session: Buffer, object: Buffer): Uint8Array {
  try {
    const [value] = module.C_GetAttributeValue(session, object, [{ type: pkcs11js.CKA_VALUE }]);
    const bytes = value?.value as Buffer | undefined;
    if (bytes === undefined) throw new TokenOperationError('failed');
    const copy = new Uint8Array(bytes);
    bytes.fill(0);
    return copy;
  } finally {
    module.C_DestroyObject(session, object);
  }
}

