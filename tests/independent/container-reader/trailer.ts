// The trailer (docs/container.md "Trailer (signature)"), steps 1.3–1.4 of "Opening".
import { canonicalJson, isObjectWithKeys, parseJson } from './canonical-json.js';
import { fail } from './errors.js';
import type { Version } from './header.js';
import { b64 } from './primitives.js';

export interface Trailer {
  /** Where the trailer starts: the end of header || body. */
  start: number;
  certificates: Buffer[];
  /** certificates[0]: the signer's. */
  signerCertificate: Buffer;
  scheme: string;
  signature: Buffer;
}

const SCHEMES: Record<Version, string[]> = {
  1: ['ecdsaSha256', 'rsaPssSha256'],
  2: ['ecdsa-p256-sha256', 'rsa-pss-sha256'],
};

export function parseTrailer(file: Buffer, headerLength: number, version: Version): Trailer {
  const magic = `AIRSIG0${version}`;
  if (file.length < headerLength + 12) fail('truncated', 'shorter than header + 12 bytes');
  if (file.subarray(file.length - 8).toString('latin1') !== magic) fail('truncated', `no ${magic} at the end`);
  const length = file.readUInt32BE(file.length - 12);
  const start = file.length - 12 - length;
  if (length > 65_536) fail('malformed', 'trailer over 64 KiB', { reason: 'trailer length' });
  if (start < headerLength) fail('malformed', 'trailer reaches into the header', { reason: 'trailer length' });
  const text = file.subarray(start, start + length).toString('utf8');
  const json = parseJson(text);
  if (!isObjectWithKeys(json, ['certificates', 'scheme', 'signature'])) return fail('signatureMissing', 'trailer members');
  const { certificates, scheme, signature } = json;
  const typed = Array.isArray(certificates) && certificates.length >= 1 && certificates.length <= 10 &&
    certificates.every((c) => typeof c === 'string') &&
    typeof scheme === 'string' && SCHEMES[version].includes(scheme) && typeof signature === 'string';
  if (!typed) return fail('signatureMissing', 'trailer field types');
  const decoded = (certificates as string[]).map(b64);
  const value = b64(signature as string);
  if (canonicalJson(json) !== text || !Buffer.from(text, 'utf8').equals(file.subarray(start, start + length)) ||
    decoded.some((c) => c === null) || value === null) {
    return fail('malformed', 'trailer not canonical', { reason: 'trailer spelling' });
  }
  const [signerCertificate, ...hints] = decoded as [Buffer, ...Buffer[]];
  return { start, certificates: [signerCertificate, ...hints], signerCertificate, scheme: scheme as string, signature: value };
}
