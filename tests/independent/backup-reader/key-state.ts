// "Key-state records": canonical JSON of {body, signature}, signed over
// "airlock-backup-keystate/1" || 0x0a || canonicalJson(body).
import { X509Certificate, constants, verify } from 'node:crypto';
import { fail } from './errors.js';
import { isHex, sha256Hex } from './primitives.js';

export interface KeyStateBody {
  readonly certificate: string;
  readonly format: 'airlock-backup-keystate/1';
  readonly generation: number;
  readonly holders: string[];
  readonly keyCheck: string;
  readonly previous: string | null;
  readonly repository: string;
  readonly scheme: 'ecdsaSha256' | 'rsaPssSha256';
  readonly signedAt: string;
}

/** RFC 8785 for the values a record holds (strings, safe integers, null, arrays, objects). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const P256_HALF_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551') / 2n;

/** S of a strict-DER ECDSA signature, or null when it is not strict DER. */
function derS(signature: Buffer): bigint | null {
  const int = (at: number): { value: bigint; end: number } | null => {
    if (signature[at] !== 0x02) return null;
    const length = signature[at + 1] as number;
    const bytes = signature.subarray(at + 2, at + 2 + length);
    if (length === 0 || length > 33 || bytes.length !== length || (bytes[0] as number) & 0x80) return null;
    if (length > 1 && bytes[0] === 0 && !((bytes[1] as number) & 0x80)) return null; // not minimal
    return { value: BigInt(`0x${bytes.toString('hex')}`), end: at + 2 + length };
  };
  if (signature[0] !== 0x30 || signature[1] !== signature.length - 2) return null;
  const r = int(2);
  const s = r && int(r.end);
  return s && s.end === signature.length ? s.value : null;
}

const shapeOk = (body: KeyStateBody): boolean =>
  body.format === 'airlock-backup-keystate/1' && Number.isSafeInteger(body.generation) && body.generation >= 1 &&
  Array.isArray(body.holders) && body.holders.every((h, i) => isHex(h, 64) && (i === 0 || (body.holders[i - 1] as string) < h)) &&
  isHex(body.keyCheck, 64) && (body.previous === null || isHex(body.previous, 64)) && isHex(body.repository, 32) &&
  (body.scheme === 'ecdsaSha256' || body.scheme === 'rsaPssSha256') && typeof body.signedAt === 'string' && typeof body.certificate === 'string' &&
  Object.keys(body).length === 9;

export function parseKeyState(name: string, bytes: Buffer): KeyStateBody {
  if (sha256Hex(bytes) !== name) fail('hashMismatch', `keystate/${name}`);
  let record: { body: KeyStateBody; signature: string };
  try {
    record = JSON.parse(bytes.toString('utf8')) as typeof record;
  } catch {
    return fail('malformed', `keystate/${name}: not JSON`);
  }
  if (canonicalJson(record) !== bytes.toString('utf8') || Object.keys(record).length !== 2 || typeof record.signature !== 'string' || !shapeOk(record.body)) {
    fail('malformed', `keystate/${name}: not the canonical spelling of a record`);
  }
  const body = record.body;
  const signed = Buffer.concat([Buffer.from('airlock-backup-keystate/1\n', 'ascii'), Buffer.from(canonicalJson(body), 'utf8')]);
  const key = new X509Certificate(Buffer.from(body.certificate, 'base64')).publicKey;
  const signature = Buffer.from(record.signature, 'base64');
  let ok: boolean;
  if (body.scheme === 'ecdsaSha256') {
    const s = derS(signature);
    ok = s !== null && s <= P256_HALF_N && verify('sha256', signed, { key, dsaEncoding: 'der' }, signature);
  } else {
    ok = verify('sha256', signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  }
  if (!ok) fail('badSignature', `keystate/${name}`);
  return body;
}

export const signedBytesOf = (body: KeyStateBody): Buffer =>
  Buffer.concat([Buffer.from('airlock-backup-keystate/1\n', 'ascii'), Buffer.from(canonicalJson(body), 'utf8')]);

/**
 * Whether record `next` (named `nextId`) follows `previous` (named `previousId`) as "Accepting a new
 * generation" says: null when it does, else the reason. `trusted` decides the signer's chain.
 */
export function followReason(previousId: string, previous: KeyStateBody, next: KeyStateBody, trusted: (certificate: X509Certificate) => boolean): 'notFollowing' | 'signerNotHolder' | 'signerNotTrusted' | null {
  const step = (next.generation === previous.generation && next.keyCheck === previous.keyCheck) || next.generation === previous.generation + 1;
  if (next.previous !== previousId || !step || next.repository !== previous.repository) return 'notFollowing';
  const certificate = new X509Certificate(Buffer.from(next.certificate, 'base64'));
  if (!previous.holders.includes(sha256Hex(certificate.raw))) return 'signerNotHolder';
  return trusted(certificate) ? null : 'signerNotTrusted';
}

/** The vectors' trust: issued and signed by `root`, valid at `at`. */
export function issuedBy(root: X509Certificate, at: Date): (certificate: X509Certificate) => boolean {
  return (certificate) =>
    certificate.checkIssued(root) && certificate.verify(root.publicKey) && new Date(certificate.validFrom) <= at && at <= new Date(certificate.validTo);
}
