// The vectors' generated inputs, rebuilt from the words of docs/backup-repository.md "Vectors"
// (not imported from the generators): AES-256-CTR keystream under SHA-256(seed), or zeros.
import { createCipheriv } from 'node:crypto';
import { sha256 } from './primitives.js';

export interface ChunkerVectorInput {
  readonly seed: string | null;
  readonly length: number;
  readonly flipped?: readonly number[];
}

export function chunkerInput(input: ChunkerVectorInput): Buffer {
  const zeros = Buffer.alloc(input.length);
  const bytes = input.seed === null ? zeros : createCipheriv('aes-256-ctr', sha256(Buffer.from(input.seed, 'utf8')), Buffer.alloc(16)).update(zeros);
  for (const at of input.flipped ?? []) bytes[at] = (bytes[at] as number) ^ 0x01;
  return bytes;
}

/** `from, from+1, …` as `length` bytes: the vectors' keys and ids. */
export const counting = (from: number, length: number, step = 1): Buffer => Buffer.from(Array.from({ length }, (_, i) => (from + step * i) & 0xff));
