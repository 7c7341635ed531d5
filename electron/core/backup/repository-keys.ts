import { createHmac, hkdfSync } from 'node:crypto';
import { deriveChunkerKeys, destroyChunkerKeys, MASTER_KEY_BYTES, type ChunkerKeys } from './chunker-keys.js';

/** The keys of one master-key generation (docs/backup-repository.md, "Keys"). */
export interface GenerationKeys {
  readonly generation: number;
  readonly masterKey: Buffer;
  readonly chunker: ChunkerKeys;
  /** AES-256-GCM key of everything sealed under this generation. */
  readonly sealKey: Buffer;
  readonly checkKey: Buffer;
}

export const KEY_LABELS = { seal: 'airlock-backup/1 seal', check: 'airlock-backup/1 key check', next: 'airlock-backup/1 next ' } as const;

const derive = (masterKey: Uint8Array, label: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), label, 32));

export function generationKeys(generation: number, masterKey: Uint8Array): GenerationKeys {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new RangeError('a master key is 32 bytes');
  return { generation, masterKey: Buffer.from(masterKey), chunker: deriveChunkerKeys(masterKey), sealKey: derive(masterKey, KEY_LABELS.seal), checkKey: derive(masterKey, KEY_LABELS.check) };
}

/** `keyCheck` of the config: HMAC(key check of K1, repository id). */
export function keyCheckOf(first: GenerationKeys, repositoryId: string): string {
  return createHmac('sha256', first.checkKey).update(repositoryId, 'utf8').digest('hex');
}

/** The chain: generation g vouched for by g − 1. */
export function nextCheckOf(previous: GenerationKeys, next: Uint8Array): string {
  return createHmac('sha256', previous.checkKey).update(Buffer.concat([Buffer.from(KEY_LABELS.next, 'ascii'), next])).digest('hex');
}

export function destroyGeneration(keys: GenerationKeys): void {
  keys.masterKey.fill(0);
  keys.sealKey.fill(0);
  keys.checkKey.fill(0);
  destroyChunkerKeys(keys.chunker);
}
