import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BackupFormatError } from './backup-format-error.js';
import { CHUNKER_PARAMETERS } from './keyed-chunker.js';
import { PACK_SIZE } from './pack.js';

export const REPOSITORY_FORMAT = 'airlock-backup/1';
export const RepositoryConfig = z.strictObject({
  format: z.literal(REPOSITORY_FORMAT),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  created: z.string(),
  chunker: z.strictObject({ minSize: z.literal(CHUNKER_PARAMETERS.minSize), maxSize: z.literal(CHUNKER_PARAMETERS.maxSize), cutBits: z.literal(CHUNKER_PARAMETERS.cutBits) }),
  packSize: z.literal(PACK_SIZE),
  keyCheck: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RepositoryConfig = z.infer<typeof RepositoryConfig>;

export const newRepositoryId = (): string => randomBytes(16).toString('hex');

export function encodeConfig(id: string, keyCheck: string, now = new Date()): Buffer {
  const config: RepositoryConfig = { format: REPOSITORY_FORMAT, id, created: now.toISOString(), chunker: { ...CHUNKER_PARAMETERS }, packSize: PACK_SIZE, keyCheck };
  return Buffer.from(JSON.stringify(config), 'utf8');
}

export function parseConfig(bytes: Buffer): RepositoryConfig {
  try {
    return RepositoryConfig.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw new BackupFormatError('malformed', 'config');
  }
}
