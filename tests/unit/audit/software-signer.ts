/**
 * Software stand-ins for the token signer. Like the token (CKM_RSA_PKCS_PSS, CKM_ECDSA) they sign
 * a SHA-256 digest computed by the caller, which node:crypto cannot do (it always hashes the
 * input itself), so the two encodings are written out here: EMSA-PSS (RFC 8017 §9.1.1) over raw
 * RSA, and ECDSA on P-256 (SEC 1 §4.1.3) with BigInt. Test-only: not constant time.
 */
import { constants, createHash, generateKeyPairSync, privateEncrypt, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { KeyUsageFlags, KeyUsagesExtension, X509CertificateGenerator } from '../../../electron/core/certificates/x509.js';
import type { TokenSigner as AuditSigner } from '../../../electron/core/signing/token-signer.js';

const sha256 = (...parts: Uint8Array[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();

function mgf1(seed: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < length; counter++) blocks.push(sha256(seed, Buffer.from([counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff])));
  return Buffer.concat(blocks).subarray(0, length);
}

function rsaPssSignDigest(key: KeyObject, digest: Uint8Array): Uint8Array {
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const emBits = modulusBits - 1;
  const emLength = Math.ceil(emBits / 8);
  const salt = randomBytes(32);
  const h = sha256(Buffer.alloc(8), digest, salt);
  const db = Buffer.concat([Buffer.alloc(emLength - 32 - 32 - 2), Buffer.of(0x01), salt]);
  const mask = mgf1(h, db.length);
  for (let index = 0; index < db.length; index++) db[index] = (db[index] ?? 0) ^ (mask[index] ?? 0);
  db[0] = (db[0] ?? 0) & (0xff >> (8 * emLength - emBits));
  const encoded = Buffer.concat([db, h, Buffer.of(0xbc)]);
  const padded = Buffer.concat([Buffer.alloc(modulusBits / 8 - encoded.length), encoded]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, padded);
}

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G = { x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n };
type Point = { x: bigint; y: bigint } | undefined;

const mod = (value: bigint, m: bigint) => ((value % m) + m) % m;
function inverse(value: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(value, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0, m);
}
function add(a: Point, b: Point): Point {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.x === b.x && mod(a.y + b.y, P) === 0n) return undefined;
  const slope = a.x === b.x ? mod((3n * a.x * a.x - 3n) * inverse(2n * a.y, P), P) : mod((b.y - a.y) * inverse(b.x - a.x, P), P);
  const x = mod(slope * slope - a.x - b.x, P);
  return { x, y: mod(slope * (a.x - x) - a.y, P) };
}
function multiply(scalar: bigint, point: Point): Point {
  let result: Point;
  for (let k = scalar, addend = point; k > 0n; k >>= 1n, addend = add(addend, addend)) if (k & 1n) result = add(result, addend);
  return result;
}
const toInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
function derInteger(value: bigint): Buffer {
  let bytes = Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
  while (bytes.length > 1 && bytes[0] === 0 && ((bytes[1] ?? 0) & 0x80) === 0) bytes = bytes.subarray(1);
  if (((bytes[0] ?? 0) & 0x80) !== 0) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return Buffer.concat([Buffer.of(0x02, bytes.length), bytes]);
}

function ecdsaSignDigest(key: KeyObject, digest: Uint8Array): Uint8Array {
  const d = toInt(Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url'));
  const e = toInt(digest);
  for (;;) {
    const k = mod(toInt(randomBytes(40)), N);
    const r = k === 0n ? 0n : mod(multiply(k, G)?.x ?? 0n, N);
    const s = mod(inverse(k, N) * (e + r * d), N);
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.of(0x30, body.length), body]);
  }
}

export interface SoftwareSigner extends AuditSigner {
  readonly privateKey: KeyObject;
}

/** A self-signed signing certificate for a fresh RSA-2048 (PSS signatures) or EC P-256 key. */
export async function softwareSigner(kind: 'rsa' | 'ec', commonName = 'Nguyễn Văn An'): Promise<SoftwareSigner> {
  const pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pair.privateKey.export({ format: 'der', type: 'pkcs8' }), algorithm, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', pair.publicKey.export({ format: 'der', type: 'spki' }), algorithm, true, ['verify']),
  };
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    name: [{ C: ['VN'] }, { O: ['Bộ Ngoại giao'] }, { CN: [commonName] }],
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: algorithm,
    extensions: [new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, true)],
  });
  return {
    scheme: kind === 'rsa' ? 'rsaPssSha256' : 'ecdsaSha256',
    certificateDer: new Uint8Array(certificate.rawData),
    privateKey: pair.privateKey,
    sign: async (digest) => (kind === 'rsa' ? rsaPssSignDigest(pair.privateKey, digest) : ecdsaSignDigest(pair.privateKey, digest)),
  };
}
