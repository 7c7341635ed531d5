import { hkdfSync } from 'node:crypto';

/**
 * The chunker's secrets, derived from the repository master key (docs/backup-repository.md,
 * "Key derivation"). Each has its own HKDF label, so learning one (e.g. the cut key from a
 * side channel) says nothing of the others or of the master key.
 */
export interface ChunkerKeys {
  /** Gear tables of the two 32-bit rolling-hash lanes, 256 entries each. */
  readonly gearA: Uint32Array;
  readonly gearC: Uint32Array;
  /** AES-128 key of the PRF that decides each cut. */
  readonly cutKey: Buffer;
  /** HMAC-SHA-256 key of blob ids. */
  readonly blobIdKey: Buffer;
}

export const MASTER_KEY_BYTES = 32;
export const CHUNKER_LABELS = {
  gear: 'airlock-backup/1 chunker gear',
  cut: 'airlock-backup/1 chunker cut',
  blobId: 'airlock-backup/1 blob id',
} as const;

const derive = (masterKey: Uint8Array, label: string, length: number) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), label, length));

export function deriveChunkerKeys(masterKey: Uint8Array): ChunkerKeys {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new RangeError(`a repository master key is ${MASTER_KEY_BYTES} bytes, not ${masterKey.length}`);
  const gear = derive(masterKey, CHUNKER_LABELS.gear, 2048);
  const gearA = new Uint32Array(256);
  const gearC = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    gearA[i] = gear.readUInt32BE(4 * i);
    gearC[i] = gear.readUInt32BE(1024 + 4 * i);
  }
  gear.fill(0);
  return { gearA, gearC, cutKey: derive(masterKey, CHUNKER_LABELS.cut, 16), blobIdKey: derive(masterKey, CHUNKER_LABELS.blobId, 32) };
}

/** Overwrites every secret with zeros (the repository is closed). */
export function destroyChunkerKeys(keys: ChunkerKeys): void {
  keys.gearA.fill(0);
  keys.gearC.fill(0);
  keys.cutKey.fill(0);
  keys.blobIdKey.fill(0);
}
