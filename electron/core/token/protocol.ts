import { z } from 'zod';
import { Pin, TokenRef, TokenSummary } from '../../../shared/domain/token.js';

/**
 * Messages between the main process and the token process. Both sides parse what they receive:
 * the token process trusts the main process no more than the main process trusts the renderer,
 * and nothing reaches pkcs11js that is not one of these closed shapes.
 */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes');
const KeyId = z.string().regex(/^[0-9a-f]{2,64}$/, 'hex key id');

/** The only mechanisms the app ever asks for; each maps to one fixed parameter set in the worker. */
export const SignMechanism = z.enum(['rsaPssSha256', 'ecdsaSha256']);
export type SignMechanism = z.infer<typeof SignMechanism>;
export const DecryptMechanism = z.enum(['rsaOaepSha256']);
export type DecryptMechanism = z.infer<typeof DecryptMechanism>;

export const TokenRequest = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('listTokens') }),
  z.strictObject({ op: z.literal('login'), token: TokenRef, pin: Pin.optional() }),
  z.strictObject({ op: z.literal('logout'), token: TokenRef }),
  z.strictObject({ op: z.literal('changePin'), token: TokenRef, oldPin: Pin, newPin: Pin }),
  z.strictObject({ op: z.literal('listCertificates'), token: TokenRef }),
  z.strictObject({ op: z.literal('listKeys'), token: TokenRef }),
  // The caller hashes (documents are hashed while streaming); only the 32-byte digest crosses.
  /** `contextPin`: for a key with CKA_ALWAYS_AUTHENTICATE, the PIN asked again for this one signature (CKU_CONTEXT_SPECIFIC). */
  z.strictObject({ op: z.literal('sign'), token: TokenRef, keyId: KeyId, mechanism: SignMechanism, digest: Bytes.refine((d) => d.length === 32, 'a SHA-256 digest'), contextPin: Pin.optional() }),
  z.strictObject({ op: z.literal('decrypt'), token: TokenRef, keyId: KeyId, mechanism: DecryptMechanism, data: Bytes.refine((d) => d.length >= 256 && d.length <= 512, 'an RSA-2048..4096 block') }),
  z.strictObject({ op: z.literal('deriveEcdh'), token: TokenRef, keyId: KeyId, publicPoint: Bytes.refine((d) => d.length === 65 && d[0] === 4, 'an uncompressed P-256 point') }),
  z.strictObject({ op: z.literal('wrapKey'), token: TokenRef, keyId: KeyId, keyToWrap: Bytes.refine((d) => d.length === 32, 'a 256-bit key') }),
  z.strictObject({ op: z.literal('unwrapKey'), token: TokenRef, keyId: KeyId, wrapped: Bytes.refine((d) => d.length === 40, 'an AES key-wrapped 256-bit key') }),
  z.strictObject({ op: z.literal('mechanisms'), token: TokenRef }),
]);
export type TokenRequest = z.infer<typeof TokenRequest>;
export type TokenOp = TokenRequest['op'];

export const CertificateObject = z.strictObject({ keyId: z.string(), label: z.string(), der: Bytes });
export type CertificateObject = z.infer<typeof CertificateObject>;

export const KeyObject = z.strictObject({
  keyId: z.string(),
  label: z.string(),
  kind: z.enum(['rsa', 'ec', 'aes', 'other']),
  /** False when the token would let the key out, or show it: such a key is refused for every operation. */
  safe: z.boolean(),
  bits: z.number().int().nonnegative(),
  /** CKA_ALWAYS_AUTHENTICATE: every signature needs the PIN again (a context-specific login). */
  alwaysAuthenticate: z.boolean(),
});
export type KeyObject = z.infer<typeof KeyObject>;

export const TokenResults = {
  listTokens: z.array(TokenSummary),
  login: z.strictObject({ loggedIn: z.literal(true) }),
  logout: z.strictObject({ loggedIn: z.literal(false) }),
  changePin: z.strictObject({ changed: z.literal(true) }),
  listCertificates: z.array(CertificateObject),
  listKeys: z.array(KeyObject),
  sign: z.strictObject({ signature: Bytes }),
  decrypt: z.strictObject({ plaintext: Bytes, path: z.enum(['token', 'rawRsaSoftwareOaep']) }),
  deriveEcdh: z.strictObject({ secret: Bytes }),
  wrapKey: z.strictObject({ wrapped: Bytes }),
  unwrapKey: z.strictObject({ key: Bytes }),
  mechanisms: z.array(z.string()),
} satisfies Record<TokenOp, z.ZodType>;

export type TokenResult<Op extends TokenOp> = z.infer<(typeof TokenResults)[Op]>;

/** Failures the token process reports; the main process maps each to a user-facing error code. */
export const TokenFailure = z.enum([
  'pinIncorrect',
  'pinLocked',
  'pinInvalid',
  'pinExpired',
  'notLoggedIn',
  'contextPinRequired',
  'tokenNotFound',
  'tokenRemoved',
  'keyNotFound',
  'keyUnsafe',
  'mechanismUnsupported',
  'decryptFailed',
  'cancelled',
  'badRequest',
  'failed',
]);
export type TokenFailure = z.infer<typeof TokenFailure>;

export const WorkerRequestEnvelope = z.strictObject({ id: z.number().int().nonnegative(), request: z.unknown() });

export const WorkerReplyEnvelope = z.union([
  z.strictObject({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ id: z.number().int(), ok: z.literal(false), failure: TokenFailure, ckr: z.string().optional() }),
  z.strictObject({ event: z.literal('ready'), modulePath: z.string() }),
  z.strictObject({ event: z.literal('fatal'), failure: z.string() }),
]);
export type WorkerReplyEnvelope = z.infer<typeof WorkerReplyEnvelope>;
