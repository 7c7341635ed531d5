import { createCipheriv, createHash } from 'node:crypto';

/** The vectors' test master key: the bytes 0x00, 0x01 … 0x1f. */
export const VECTOR_MASTER_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
/** The key of the negative case: the bytes 0xff, 0xfe … 0xe0. */
export const OTHER_MASTER_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => 0xff - i));

/** An input as docs/backup-repository.md describes it: `length` bytes of a seeded stream, or of zeros, with optional edits. */
export interface VectorInput {
  readonly name: string;
  readonly seed: string | null;
  readonly length: number;
  /** Bytes XORed with 0x01 after generating. */
  readonly flipped?: readonly number[];
}

/** AES-256-CTR of zeros under SHA-256(seed), IV 16 zero bytes; zeros when the seed is null. */
export function vectorBytes(input: VectorInput): Buffer {
  const zeros = Buffer.alloc(input.length);
  const bytes = input.seed === null ? zeros : createCipheriv('aes-256-ctr', createHash('sha256').update(input.seed).digest(), Buffer.alloc(16)).update(zeros);
  for (const at of input.flipped ?? []) bytes[at] = (bytes[at] as number) ^ 0x01;
  return bytes;
}

export const VECTOR_INPUTS: readonly VectorInput[] = [
  { name: 'empty', seed: null, length: 0 },
  { name: 'one-byte', seed: 'airlock-backup/1 vector one-byte', length: 1 },
  { name: 'below-minimum', seed: 'airlock-backup/1 vector below-minimum', length: 524_288 },
  { name: 'random-12MiB', seed: 'airlock-backup/1 vector random', length: 12 * 1024 * 1024 },
  { name: 'random-12MiB-one-byte-flipped', seed: 'airlock-backup/1 vector random', length: 12 * 1024 * 1024, flipped: [6_000_000] },
  { name: 'zeros-17MiB', seed: null, length: 17 * 1024 * 1024 },
];
