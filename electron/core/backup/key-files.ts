import { randomBytes, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { unwrapKeyWith, wrapKeyFor, fingerprintOf, type RecipientKeyOperations, type WrapScheme } from '../crypto/key-wrap.js';
import { BackupFormatError } from './backup-format-error.js';
import { sha256Hex } from './pack.js';
import { destroyGeneration, generationKeys, keyCheckOf, nextCheckOf, type GenerationKeys } from './repository-keys.js';
import { seal, unseal } from './sealing.js';

export const KEY_FILE_FORMAT = 'airlock-backup-key/1';
export const KEY_FILE_INFO = Buffer.from('airlock-backup/1 key file', 'ascii');
/** `user`: the token that made the repository; `recovery`: the policy's certificate; `added`: a holder added later. */
export const HOLDER_ROLES = ['user', 'recovery', 'added'] as const;
export type HolderRole = (typeof HOLDER_ROLES)[number];

const B64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const HEX64 = z.string().regex(/^[0-9a-f]{64}$/);
export const KeyFile = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  repository: z.string().regex(/^[0-9a-f]{32}$/),
  holder: HEX64,
  role: z.enum(HOLDER_ROLES),
  certificate: B64,
  added: z.string(),
  wrapped: z.strictObject({ scheme: z.enum(['rsa-oaep-sha256', 'ecdh-es-p256-hkdf-sha256-a256kw']), ephemeral: B64, key: B64 }),
  sealed: B64,
});
export type KeyFile = z.infer<typeof KeyFile>;
const KeySet = z.strictObject({
  repository: z.string(),
  keys: z.array(z.strictObject({ generation: z.number().int().positive(), key: HEX64, check: HEX64.optional() })).min(1),
});

export const keyFileName = (id: string): string => `keys/${id}`;
const keySetAad = (repository: string, holder: string) => Buffer.from(`airlock-backup/1 key file ${repository} ${holder}`, 'ascii');

/** A key file holding `generations` (oldest first) for the certificate's holder. */
export function buildKeyFile(repository: string, generations: readonly GenerationKeys[], certificateDer: Uint8Array, role: HolderRole, now = new Date()): { id: string; bytes: Buffer; holder: string } {
  const holder = fingerprintOf(new X509Certificate(Buffer.from(certificateDer)));
  const fileKey = randomBytes(32);
  try {
    const wrapped = wrapKeyFor(fileKey, certificateDer, KEY_FILE_INFO);
    const keys = generations.map((keys, i) => ({
      generation: keys.generation,
      key: keys.masterKey.toString('hex'),
      ...(i === 0 ? {} : { check: nextCheckOf(generations[i - 1] as GenerationKeys, keys.masterKey) }),
    }));
    const plain = Buffer.from(JSON.stringify({ repository, keys }), 'utf8');
    const sealed = seal(fileKey, keySetAad(repository, holder), plain);
    plain.fill(0);
    const file: KeyFile = {
      format: KEY_FILE_FORMAT,
      repository,
      holder,
      role,
      certificate: Buffer.from(certificateDer).toString('base64'),
      added: now.toISOString(),
      wrapped: { scheme: wrapped.scheme, ephemeral: Buffer.from(wrapped.ephemeral).toString('base64'), key: Buffer.from(wrapped.wrapped).toString('base64') },
      sealed: sealed.toString('base64'),
    };
    const bytes = Buffer.from(JSON.stringify(file), 'utf8');
    return { id: sha256Hex(bytes), bytes, holder };
  } finally {
    fileKey.fill(0);
  }
}

export function parseKeyFile(bytes: Buffer, id: string): KeyFile {
  const object = keyFileName(id);
  if (sha256Hex(bytes) !== id) throw new BackupFormatError('hashMismatch', object);
  try {
    return KeyFile.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw new BackupFormatError('keyFileInvalid', object);
  }
}

/**
 * The key set, unwrapped on the holder's token and checked: generation 1 must give the config's
 * key check, each later one the chain's check (docs/backup-repository.md, "Keys").
 */
export async function openKeyFile(file: KeyFile, id: string, config: { id: string; keyCheck: string }, operations: RecipientKeyOperations): Promise<GenerationKeys[]> {
  const object = keyFileName(id);
  if (file.repository !== config.id) throw new BackupFormatError('keyFileInvalid', object, 'another repository');
  const fileKey = await unwrapKeyWith(
    { recipient: file.holder, scheme: file.wrapped.scheme as WrapScheme, ephemeral: Buffer.from(file.wrapped.ephemeral, 'base64'), wrapped: Buffer.from(file.wrapped.key, 'base64') },
    Buffer.from(file.certificate, 'base64'),
    operations,
    KEY_FILE_INFO,
  ).catch(() => {
    throw new BackupFormatError('keyFileInvalid', object, 'does not unwrap with this token');
  });
  let plain: Buffer;
  try {
    plain = unseal(fileKey, keySetAad(file.repository, file.holder), Buffer.from(file.sealed, 'base64'), object);
  } finally {
    fileKey.fill(0);
  }
  const generations: GenerationKeys[] = [];
  try {
    const set = KeySet.parse(JSON.parse(plain.toString('utf8')));
    if (set.repository !== config.id) throw new Error('repository');
    for (const [i, entry] of set.keys.entries()) {
      if (entry.generation !== i + 1) throw new Error('generation order');
      const key = Buffer.from(entry.key, 'hex');
      const previous = generations[i - 1];
      const keys = generationKeys(entry.generation, key);
      generations.push(keys);
      if (previous === undefined ? keyCheckOf(keys, config.id) !== config.keyCheck : entry.check !== nextCheckOf(previous, key)) throw new BackupFormatError('keyCheckMismatch', object);
      key.fill(0);
    }
    return generations;
  } catch (error) {
    generations.forEach(destroyGeneration);
    if (error instanceof BackupFormatError) throw error;
    throw new BackupFormatError('keyFileInvalid', object);
  } finally {
    plain.fill(0);
  }
}
