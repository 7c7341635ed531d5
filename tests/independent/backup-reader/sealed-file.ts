// The 10-byte clear prefix every sealed file starts with, and sealed bodies of index, snapshot and lock.
import { fail } from './errors.js';
import type { GenerationKeys } from './keys.js';
import { openGcm } from './primitives.js';

export const KINDS = { pack: 1, index: 2, snapshot: 3, lock: 4 } as const;
export type Kind = keyof typeof KINDS;
export const PREFIX_LENGTH = 10;

/** The generation a sealed file of `kind` names, after checking "ALBK", version 1 and the kind. */
export function readPrefix(bytes: Buffer, kind: Kind, name: string): number {
  if (bytes.length < PREFIX_LENGTH || bytes.toString('latin1', 0, 4) !== 'ALBK' || bytes[4] !== 1 || bytes[5] !== KINDS[kind]) {
    fail('badPrefix', name);
  }
  return bytes.readUInt32LE(6);
}

/** Index, snapshot and lock: prefix || seal(body), AAD "airlock-backup/1 <kind> " || hex(prefix). */
export function openSealedBody(bytes: Buffer, kind: Exclude<Kind, 'pack'>, name: string, keysOf: (generation: number) => GenerationKeys): Buffer {
  const generation = readPrefix(bytes, kind, name);
  const prefix = bytes.subarray(0, PREFIX_LENGTH);
  const aad = Buffer.from(`airlock-backup/1 ${kind} ${prefix.toString('hex')}`, 'ascii');
  return openGcm(keysOf(generation).sealKey, aad, bytes.subarray(PREFIX_LENGTH), name);
}
