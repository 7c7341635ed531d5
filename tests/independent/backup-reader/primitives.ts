// Byte-level primitives of the spec's "Conventions", all from node:crypto.
import { createDecipheriv, createHash, createHmac, hkdfSync } from 'node:crypto';
import { fail } from './errors.js';

/** HKDF-SHA-256, empty salt, ASCII info, n bytes. */
export function hkdf(ikm: Uint8Array, info: string, n: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), Buffer.from(info, 'ascii'), n));
}

export function hmac(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

export const sha256Hex = (bytes: Uint8Array): string => sha256(bytes).toString('hex');

/** `nonce(12) || ciphertext || tag(16)` under AES-256-GCM; a failure is `sealBroken`. */
export function openGcm(key: Uint8Array, aad: Uint8Array, sealed: Uint8Array, what: string): Buffer {
  if (sealed.length < 28) fail('sealBroken', `${what}: ${sealed.length} bytes is shorter than nonce and tag`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  } catch {
    return fail('sealBroken', `${what}: AES-256-GCM does not authenticate`);
  }
}

export const isHex = (value: unknown, digits: number): value is string =>
  typeof value === 'string' && value.length === digits && /^[0-9a-f]*$/.test(value);

/** JSON.parse, a failure being `malformed` naming `what`. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('malformed', `${what}: not JSON`);
  }
}
