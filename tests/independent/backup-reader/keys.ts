// "Key derivation" and the per-generation keys of "Keys".
import { fail } from './errors.js';
import { hkdf, hmac } from './primitives.js';

export interface GenerationKeys {
  readonly gearA: Uint32Array;
  readonly gearC: Uint32Array;
  readonly cutKey: Buffer;
  readonly blobIdKey: Buffer;
  readonly sealKey: Buffer;
  readonly checkKey: Buffer;
}

export function deriveKeys(master: Uint8Array): GenerationKeys {
  if (master.length !== 32) fail('malformed', `a master key is 32 bytes, not ${master.length}`);
  const gear = hkdf(master, 'airlock-backup/1 chunker gear', 2048);
  const gearA = new Uint32Array(256);
  const gearC = new Uint32Array(256);
  for (let i = 0; i < 256; i += 1) {
    gearA[i] = gear.readUInt32BE(4 * i);
    gearC[i] = gear.readUInt32BE(1024 + 4 * i);
  }
  return {
    gearA,
    gearC,
    cutKey: hkdf(master, 'airlock-backup/1 chunker cut', 16),
    blobIdKey: hkdf(master, 'airlock-backup/1 blob id', 32),
    sealKey: hkdf(master, 'airlock-backup/1 seal', 32),
    checkKey: hkdf(master, 'airlock-backup/1 key check', 32),
  };
}

/** keyCheck = HMAC(key check of K, id) — the id as its ASCII hex text. */
export function keyCheckOf(master: Uint8Array, id: string): string {
  return hmac(deriveKeys(master).checkKey, Buffer.from(id, 'ascii')).toString('hex');
}

/** A later generation's `check`: HMAC(key check of K(g−1), "airlock-backup/1 next " || Kg). */
export function chainCheckOf(previous: Uint8Array, next: Uint8Array): string {
  return hmac(deriveKeys(previous).checkKey, Buffer.from('airlock-backup/1 next ', 'ascii'), next).toString('hex');
}
