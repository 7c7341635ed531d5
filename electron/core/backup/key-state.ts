import { X509Certificate } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { z } from 'zod';
import { fingerprintOf } from '../crypto/key-wrap.js';
import { lowSValue } from '../documents/container-signature.js';
import { canonicalJson } from '../signing/canonical-json.js';
import { signAndCheck, signatureValid, TOKEN_SIGNATURE_SCHEMES, type TokenSigner } from '../signing/token-signer.js';
import { BackupFormatError } from './backup-format-error.js';
import type { BackupTarget } from './backup-target.js';
import { sha256Hex } from './pack.js';

// The signed key-generation record (docs/backup-repository.md, "Key-state records"): who changed the
// key files, to which generation and holders, after which earlier record — signed on that holder's token.

export const KEY_STATE_FORMAT = 'airlock-backup-keystate/1';
const SIGNED_PREFIX = `${KEY_STATE_FORMAT}\n`;
const HEX64 = z.string().regex(/^[0-9a-f]{64}$/);

export const KeyStateBody = z.strictObject({
  format: z.literal(KEY_STATE_FORMAT),
  repository: z.string().regex(/^[0-9a-f]{32}$/),
  generation: z.number().int().min(1),
  /** `keyCheckOf(K(generation), repository)`: binds the record to the key set it describes. */
  keyCheck: HEX64,
  /** Certificate fingerprints of every key file's holder after the change, sorted, no repeats. */
  holders: z.array(HEX64).min(1).max(1000).refine((holders) => holders.every((holder, i) => i === 0 || (holders[i - 1] as string) < holder), 'sorted, no repeats'),
  /** The id of the record this one follows; null for the first. */
  previous: HEX64.nullable(),
  signedAt: z.string().max(40),
  scheme: z.enum(TOKEN_SIGNATURE_SCHEMES),
  certificate: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});
export type KeyStateBody = z.infer<typeof KeyStateBody>;
const KeyStateFile = z.strictObject({ body: KeyStateBody, signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/) });

/** A record whose name, spelling and signature checked out (whether its signer is trusted is the caller's question). */
export interface KeyStateRecord {
  readonly id: string;
  readonly body: KeyStateBody;
  /** SHA-256 of the signer's certificate DER. */
  readonly signer: string;
  readonly certificateDer: Buffer;
}

export const keyStateName = (id: string): string => `keystate/${id}`;
export const keyStateSigned = (body: KeyStateBody): Buffer => Buffer.from(SIGNED_PREFIX + canonicalJson(body), 'utf8');

/** Signs the record on the token (ECDSA values written with low S: one spelling per signature). */
export async function buildKeyState(fields: Omit<KeyStateBody, 'format' | 'scheme' | 'certificate' | 'holders'> & { holders: readonly string[] }, signer: TokenSigner): Promise<{ id: string; bytes: Buffer }> {
  const body: KeyStateBody = {
    format: KEY_STATE_FORMAT,
    ...fields,
    holders: [...new Set(fields.holders)].sort(),
    scheme: signer.scheme,
    certificate: Buffer.from(signer.certificateDer).toString('base64'),
  };
  const signature = lowSValue(signer.scheme, await signAndCheck(signer, keyStateSigned(KeyStateBody.parse(body))));
  const bytes = Buffer.from(canonicalJson({ body, signature: Buffer.from(signature).toString('base64') }), 'utf8');
  return { id: sha256Hex(bytes), bytes };
}

/** ECDSA: strict DER with S ≤ n/2, so a record has one spelling and one id; RSA-PSS: any. */
function oneSpelling(scheme: KeyStateBody['scheme'], value: Buffer): boolean {
  if (scheme !== 'ecdsaSha256') return true;
  try {
    const signature = p256.Signature.fromBytes(value, 'der');
    return !signature.hasHighS() && Buffer.from(signature.toBytes('der')).equals(value);
  } catch {
    return false;
  }
}

/** The record named `id`: its hash, its one canonical spelling and its signature by the certificate it carries. */
export function parseKeyState(bytes: Buffer, id: string): KeyStateRecord {
  const object = keyStateName(id);
  if (sha256Hex(bytes) !== id) throw new BackupFormatError('hashMismatch', object);
  let file: z.infer<typeof KeyStateFile>;
  try {
    file = KeyStateFile.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw new BackupFormatError('malformed', object, 'not a key-state record');
  }
  if (canonicalJson(file) !== bytes.toString('utf8')) throw new BackupFormatError('malformed', object, 'not canonical JSON');
  const certificateDer = Buffer.from(file.body.certificate, 'base64');
  const signature = Buffer.from(file.signature, 'base64');
  if (!oneSpelling(file.body.scheme, signature) || !signatureValid(file.body.scheme, certificateDer, keyStateSigned(file.body), signature)) throw new BackupFormatError('badSignature', object);
  let signer: string;
  try {
    signer = fingerprintOf(new X509Certificate(certificateDer));
  } catch {
    throw new BackupFormatError('badSignature', object, 'no certificate');
  }
  return { id, body: file.body, signer, certificateDer };
}

/** Every record on the target whose signature checks; a damaged or forged one is passed over (it vouches for nothing). */
export async function readKeyStates(target: BackupTarget, repository: string): Promise<KeyStateRecord[]> {
  const found: KeyStateRecord[] = [];
  for (const { name } of await target.list('keystate/')) {
    try {
      const record = parseKeyState(await target.get(name), name.slice('keystate/'.length));
      if (record.body.repository === repository) found.push(record);
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
    }
  }
  return found;
}

/** Why a key set is not accepted by its records (docs "Accepting a new generation"). */
export const KEY_STATE_REFUSALS = ['unsigned', 'signerNotTrusted', 'signerNotHolder', 'notFollowing'] as const;
export type KeyStateRefusal = (typeof KEY_STATE_REFUSALS)[number];

export type KeyStateAnswer =
  | { readonly accepted: true; readonly record: KeyStateRecord; readonly steps: readonly KeyStateRecord[] }
  | { readonly accepted: false; readonly reason: KeyStateRefusal; readonly record?: KeyStateRecord };

/**
 * From the record a workstation remembers, the records that follow it by valid steps: each names the
 * one before as `previous`, is signed by a holder of that one with a certificate `trusted` now, and
 * keeps its generation (same key check) or goes one up. Accepted: the furthest such record whose
 * generation and key check are the opened key set's (`seen`). Otherwise the reason, told for the
 * newest record that claims `seen`.
 */
export async function followKeyStates(records: readonly KeyStateRecord[], from: KeyStateRecord, seen: { readonly generation: number; readonly keyCheck: string }, trusted: (certificateDer: Buffer) => Promise<boolean>): Promise<KeyStateAnswer> {
  const trust = new Map<string, boolean>();
  const isTrusted = async (record: KeyStateRecord) => {
    let answer = trust.get(record.signer);
    if (answer === undefined) trust.set(record.signer, (answer = await trusted(record.certificateDer)));
    return answer;
  };
  const matches = (record: KeyStateRecord) => record.body.generation === seen.generation && record.body.keyCheck === seen.keyCheck;
  const reached = new Map<string, { record: KeyStateRecord; path: KeyStateRecord[] }>([[from.id, { record: from, path: [] }]]);
  const queue = [from];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    const at = reached.get(current.id);
    for (const next of records) {
      if (next.body.previous !== current.id || reached.has(next.id) || next.body.repository !== current.body.repository) continue;
      const sameGeneration = next.body.generation === current.body.generation && next.body.keyCheck === current.body.keyCheck;
      if (!sameGeneration && next.body.generation !== current.body.generation + 1) continue;
      if (!current.body.holders.includes(next.signer) || !(await isTrusted(next))) continue;
      reached.set(next.id, { record: next, path: [...(at?.path ?? []), next] });
      queue.push(next);
    }
  }
  const best = [...reached.values()].filter(({ record }) => matches(record)).sort((a, b) => b.path.length - a.path.length || b.record.body.signedAt.localeCompare(a.record.body.signedAt) || a.record.id.localeCompare(b.record.id))[0];
  if (best !== undefined) return { accepted: true, record: best.record, steps: best.path };
  const claim = records.filter(matches).sort((a, b) => b.body.signedAt.localeCompare(a.body.signedAt) || a.id.localeCompare(b.id))[0];
  if (claim === undefined) return { accepted: false, reason: 'unsigned' };
  if (!(await isTrusted(claim))) return { accepted: false, reason: 'signerNotTrusted', record: claim };
  const before = claim.body.previous === null ? undefined : reached.get(claim.body.previous);
  return { accepted: false, reason: before !== undefined && !before.record.body.holders.includes(claim.signer) ? 'signerNotHolder' : 'notFollowing', record: claim };
}

/** The record for a key set first seen (no memory yet): the newest one that claims it, if any. */
export function claimOf(records: readonly KeyStateRecord[], seen: { readonly generation: number; readonly keyCheck: string }): KeyStateRecord | undefined {
  return records.filter((record) => record.body.generation === seen.generation && record.body.keyCheck === seen.keyCheck).sort((a, b) => b.body.signedAt.localeCompare(a.body.signedAt) || a.id.localeCompare(b.id))[0];
}
