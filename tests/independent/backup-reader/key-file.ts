// "Keys": a key file `keys/<h>`, its wrapped KF (docs/container.md's wrap with the backup's info
// string), and the key set it seals. The holder's private key is a software key from the vectors.
import { X509Certificate, constants, createDecipheriv, createECDH, createPrivateKey, hkdfSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { fail } from './errors.js';
import { chainCheckOf, keyCheckOf } from './keys.js';
import { isHex, openGcm, sha256Hex } from './primitives.js';

export interface KeyFile {
  readonly name: string;
  readonly repository: string;
  readonly holder: string;
  readonly role: string;
  readonly certificate: Buffer;
  readonly added: string;
  readonly wrapped: { readonly scheme: string; readonly ephemeral: string; readonly key: string };
  readonly sealed: Buffer;
}

const INFO = 'airlock-backup/1 key file';

export function parseKeyFile(name: string, bytes: Buffer): KeyFile {
  if (sha256Hex(bytes) !== name) fail('hashMismatch', `keys/${name}`);
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return fail('keyFileInvalid', `keys/${name}: not JSON`);
  }
  const wrapped = value['wrapped'] as Record<string, unknown> | undefined;
  if (value['format'] !== 'airlock-backup-key/1') fail('keyFileInvalid', `keys/${name}: format`);
  if (!isHex(value['repository'], 32) || !isHex(value['holder'], 64)) fail('keyFileInvalid', `keys/${name}: repository or holder`);
  if (!['user', 'recovery', 'added'].includes(value['role'] as string)) fail('keyFileInvalid', `keys/${name}: role`);
  if (typeof wrapped !== 'object' || wrapped === null || typeof wrapped['scheme'] !== 'string' || typeof wrapped['ephemeral'] !== 'string' || typeof wrapped['key'] !== 'string') fail('keyFileInvalid', `keys/${name}: wrapped`);
  const certificate = Buffer.from(String(value['certificate']), 'base64');
  return {
    name,
    repository: value['repository'] as string,
    holder: value['holder'] as string,
    role: value['role'] as string,
    certificate,
    added: String(value['added']),
    wrapped: wrapped as KeyFile['wrapped'],
    sealed: Buffer.from(String(value['sealed']), 'base64'),
  };
}

/** KF from the wrap: RSA-OAEP-SHA-256, or ECDH-ES P-256 → HKDF(Z, eph || recipient point, info) → AES-KW. */
export function unwrapFileKey(file: KeyFile, privateKey: KeyObject): Buffer {
  const wrappedKey = Buffer.from(file.wrapped.key, 'base64');
  try {
    if (file.wrapped.scheme === 'rsa-oaep-sha256') {
      return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrappedKey);
    }
    if (file.wrapped.scheme === 'ecdh-es-p256-hkdf-sha256-a256kw') {
      const ephemeral = Buffer.from(file.wrapped.ephemeral, 'base64');
      const ecdh = createECDH('prime256v1');
      ecdh.setPrivateKey(Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url'));
      const z = ecdh.computeSecret(ephemeral);
      const recipientPoint = ecdh.getPublicKey();
      const kek = Buffer.from(hkdfSync('sha256', z, Buffer.concat([ephemeral, recipientPoint]), Buffer.from(INFO, 'ascii'), 32));
      const unwrap = createDecipheriv('id-aes256-wrap', kek, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
      return Buffer.concat([unwrap.update(wrappedKey), unwrap.final()]);
    }
  } catch {
    return fail('keyFileInvalid', `keys/${file.name}: the wrapped key does not unwrap`);
  }
  return fail('keyFileInvalid', `keys/${file.name}: unknown scheme ${file.wrapped.scheme}`);
}

/** The key set's master keys, generation 1 first, after checking keyCheck and every chain check. */
export function openKeySet(file: KeyFile, fileKey: Buffer, config: { id: string; keyCheck: string }): Buffer[] {
  const aad = Buffer.from(`airlock-backup/1 key file ${file.repository} ${file.holder}`, 'ascii');
  const plain = openGcm(fileKey, aad, file.sealed, `keys/${file.name}`);
  let set: { repository: string; keys: { generation: number; key: string; check?: string }[] };
  try {
    set = JSON.parse(plain.toString('utf8')) as typeof set;
  } catch {
    return fail('keyFileInvalid', `keys/${file.name}: the key set is not JSON`);
  }
  if (!Array.isArray(set.keys)) fail('keyFileInvalid', `keys/${file.name}: no keys`);
  if (set.repository !== config.id || file.repository !== config.id) fail('keyFileInvalid', `keys/${file.name}: another repository`);
  const keys = set.keys.map((entry, i) => {
    if (entry.generation !== i + 1 || !isHex(entry.key, 64)) fail('keyFileInvalid', `keys/${file.name}: generation ${i + 1}`);
    return Buffer.from(entry.key, 'hex');
  });
  if (keys.length === 0 || keyCheckOf(keys[0] as Buffer, config.id) !== config.keyCheck) fail('keyCheckMismatch', `keys/${file.name}: generation 1 does not give the config's keyCheck`);
  for (let g = 1; g < keys.length; g += 1) {
    if (set.keys[g]?.check !== chainCheckOf(keys[g - 1] as Buffer, keys[g] as Buffer)) fail('keyCheckMismatch', `keys/${file.name}: check of generation ${g + 1}`);
  }
  return keys;
}

export const fingerprintOf = (pem: string): string => sha256Hex(new X509Certificate(pem).raw);
export const privateKeyOf = (pem: string): KeyObject => createPrivateKey(pem);
