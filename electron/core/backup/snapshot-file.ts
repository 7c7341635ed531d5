import { z } from 'zod';
import { Classification } from '../../../shared/domain/classification.js';
import { signAndCheck, signatureValid, TOKEN_SIGNATURE_SCHEMES, type TokenSigner } from '../signing/token-signer.js';
import { BackupFormatError } from './backup-format-error.js';
import { sha256Hex } from './pack.js';
import type { GenerationKeys } from './repository-keys.js';
import { aadOf, filePrefix, PREFIX_BYTES, readPrefix, seal, unseal } from './sealing.js';

export const SNAPSHOT_FORMAT = 'airlock-backup-snapshot/1';
const HEX64 = z.string().regex(/^[0-9a-f]{64}$/);

export const SnapshotBody = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  repository: z.string().regex(/^[0-9a-f]{32}$/),
  time: z.string(),
  hostname: z.string(),
  paths: z.array(z.string()),
  tree: HEX64,
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** The highest level the backup may hold: the zone's ceiling when it was made (absent: restored only where the top level is allowed). */
  level: Classification.optional(),
  scheme: z.enum(TOKEN_SIGNATURE_SCHEMES),
  certificate: z.string(),
});
export type SnapshotBody = z.infer<typeof SnapshotBody>;

export const snapshotName = (id: string): string => `snapshots/${id}`;
const signedBytes = (bodyJson: string) => Buffer.from(`airlock-backup/1 snapshot\n${bodyJson}`, 'utf8');

/** Signs the body on the token (docs/backup-repository.md, "Snapshots and trees"), then seals it. */
export async function buildSnapshotFile(keys: GenerationKeys, body: Omit<SnapshotBody, 'format' | 'scheme' | 'certificate'>, signer: TokenSigner): Promise<{ id: string; bytes: Buffer }> {
  const full: SnapshotBody = { format: SNAPSHOT_FORMAT, ...body, scheme: signer.scheme, certificate: Buffer.from(signer.certificateDer).toString('base64') };
  const bodyJson = JSON.stringify(full);
  const signature = await signAndCheck(signer, signedBytes(bodyJson));
  const json = `{"body":${bodyJson},"signature":${JSON.stringify(Buffer.from(signature).toString('base64'))}}`;
  const prefix = filePrefix('snapshot', keys.generation);
  const bytes = Buffer.concat([prefix, seal(keys.sealKey, aadOf(`snapshot ${prefix.toString('hex')}`), Buffer.from(json, 'utf8'))]);
  return { id: sha256Hex(bytes), bytes };
}

/** The snapshot, its signature verified against the certificate it carries (trust is the caller's call). */
export function readSnapshotFile(bytes: Buffer, id: string, keysOf: (generation: number) => GenerationKeys | undefined): SnapshotBody {
  const object = snapshotName(id);
  if (sha256Hex(bytes) !== id) throw new BackupFormatError('hashMismatch', object);
  const generation = readPrefix(bytes, 'snapshot', object);
  const keys = keysOf(generation);
  if (keys === undefined) throw new BackupFormatError('sealBroken', object, `unknown key generation ${generation}`);
  const json = unseal(keys.sealKey, aadOf(`snapshot ${bytes.subarray(0, PREFIX_BYTES).toString('hex')}`), bytes.subarray(PREFIX_BYTES), object).toString('utf8');
  // The file is exactly {"body":<signed text>,"signature":"<base64>"}: the signed text is taken as
  // written, never re-serialised.
  const match = /^\{"body":(\{.*\}),"signature":"([A-Za-z0-9+/=]+)"\}$/s.exec(json);
  let body: SnapshotBody;
  try {
    if (match === null) throw new Error('layout');
    body = SnapshotBody.parse(JSON.parse(match[1] ?? ''));
  } catch {
    throw new BackupFormatError('malformed', object);
  }
  if (!signatureValid(body.scheme, Buffer.from(body.certificate, 'base64'), signedBytes(match[1] ?? ''), Buffer.from(match[2] ?? '', 'base64'))) throw new BackupFormatError('badSignature', object);
  return body;
}
