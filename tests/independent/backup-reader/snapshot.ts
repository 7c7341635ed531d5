// "Snapshots and trees": the sealed snapshot and its token signature.
import { X509Certificate, constants, verify } from 'node:crypto';
import { fail } from './errors.js';
import type { GenerationKeys } from './keys.js';
import { parseJson, sha256Hex } from './primitives.js';
import { openSealedBody, readPrefix } from './sealed-file.js';

export interface SnapshotBody {
  readonly format: string;
  readonly repository: string;
  readonly time: string;
  readonly hostname: string;
  readonly paths: string[];
  readonly tree: string;
  readonly files: number;
  readonly bytes: number;
  readonly level?: string;
  readonly scheme: 'rsaPssSha256' | 'ecdsaSha256';
  readonly certificate: string;
}

const REQUIRED = ['format', 'repository', 'time', 'hostname', 'paths', 'tree', 'files', 'bytes', 'scheme', 'certificate'];

export interface Snapshot {
  readonly id: string;
  readonly generation: number;
  readonly body: SnapshotBody;
}

export function readSnapshot(id: string, bytes: Buffer, keysOf: (generation: number) => GenerationKeys, repositoryId: string): Snapshot {
  const name = `snapshots/${id}`;
  if (sha256Hex(bytes) !== id) fail('hashMismatch', name);
  const generation = readPrefix(bytes, 'snapshot', name);
  const json = openSealedBody(bytes, 'snapshot', name, keysOf).toString('utf8');
  // The file is exactly {"body":<text>,"signature":"<base64>"}; the signed text is the body as written.
  const layout = /^\{"body":(\{.*\}),"signature":"([A-Za-z0-9+/=]+)"\}$/s.exec(json);
  if (layout === null) fail('malformed', `${name}: not {"body":…,"signature":"…"}`);
  const bodyText = layout[1] as string;
  const body = parseJson(bodyText, name) as SnapshotBody;
  const fields = Object.keys(body);
  if (!REQUIRED.every((f) => fields.includes(f)) || !fields.every((f) => REQUIRED.includes(f) || f === 'level')) fail('malformed', `${name}: the body's fields`);
  if (body.format !== 'airlock-backup-snapshot/1' || body.repository !== repositoryId) fail('malformed', `${name}: format or repository`);
  const signed = Buffer.from(`airlock-backup/1 snapshot\n${bodyText}`, 'utf8');
  const key = new X509Certificate(Buffer.from(body.certificate, 'base64')).publicKey;
  const signature = Buffer.from(layout[2] as string, 'base64');
  const ok = body.scheme === 'ecdsaSha256'
    ? verify('sha256', signed, { key, dsaEncoding: 'der' }, signature)
    : body.scheme === 'rsaPssSha256' && verify('sha256', signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  if (!ok) fail('badSignature', name);
  return { id, generation, body };
}
