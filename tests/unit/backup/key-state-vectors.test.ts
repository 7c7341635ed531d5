// The committed key-state records (tests/vectors/backup/keystate, docs/backup-repository.md
// "Key-state records" and "Vectors"), signed with the container vectors' committed SOFTWARE test key:
// the subject is the format — the name, the one spelling, the signature, the chain rule.
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { followKeyStates, keyStateSigned, parseKeyState, type KeyStateBody, type KeyStateRecord } from '../../../electron/core/backup/key-state.js';
import { sha256Hex } from '../../../electron/core/backup/pack.js';
import { generationKeys, keyCheckOf } from '../../../electron/core/backup/repository-keys.js';
import { canonicalJson } from '../../../electron/core/signing/canonical-json.js';
import { KEYSTATE_HOLDERS, KEYSTATE_SECOND_KEY } from '../../vectors/backup/keystate/inputs.js';
import { VECTOR_KEY_ID, VECTOR_MASTER_KEY } from '../../vectors/backup/repository/inputs.js';

const here = new URL('../../vectors/backup/keystate/', import.meta.url).pathname;
const vectors = JSON.parse(readFileSync(path.join(here, 'vectors.json'), 'utf8')) as {
  signer: string;
  records: { id: string; generation: number; keyCheck: string; previous: string | null; signedSha256: string }[];
};
const bytesOf = (id: string) => readFileSync(path.join(here, 'records', id));
const problemOf = (run: () => unknown) => {
  try {
    run();
    return 'parsed';
  } catch (error) {
    return error instanceof BackupFormatError ? error.problem : `other: ${String(error)}`;
  }
};
/** `bytes` under the name its content hashes to, as a forger would have to write it. */
const renamed = (bytes: Buffer) => () => parseKeyState(bytes, sha256Hex(bytes));
const trustAll = () => Promise.resolve(true);

describe('key-state record vectors', () => {
  const records: KeyStateRecord[] = vectors.records.map(({ id }) => parseKeyState(bytesOf(id), id));

  it('each committed record parses under its name, signed by the vector signer, with the stated fields and signed bytes', () => {
    assert.deepEqual(readdirSync(path.join(here, 'records')).sort(), vectors.records.map(({ id }) => id).sort());
    for (const [i, expected] of vectors.records.entries()) {
      const record = records[i] as KeyStateRecord;
      assert.equal(record.signer, vectors.signer);
      assert.deepEqual([record.body.generation, record.body.keyCheck, record.body.previous], [expected.generation, expected.keyCheck, expected.previous]);
      assert.equal(sha256Hex(keyStateSigned(record.body)), expected.signedSha256);
      assert.ok(keyStateSigned(record.body).toString('utf8').startsWith('airlock-backup-keystate/1\n{"certificate":'));
      assert.deepEqual(record.body.holders, [...KEYSTATE_HOLDERS].sort());
    }
    assert.equal(vectors.records[0]?.keyCheck, keyCheckOf(generationKeys(1, VECTOR_MASTER_KEY), VECTOR_KEY_ID));
    assert.equal(vectors.records[1]?.keyCheck, keyCheckOf(generationKeys(2, KEYSTATE_SECOND_KEY), VECTOR_KEY_ID));
  });

  it('the second follows the first: accepted from it by a holder’s signature; not when the signer is no holder or not trusted', async () => {
    const [first, second] = records as [KeyStateRecord, KeyStateRecord];
    const seen = { generation: 2, keyCheck: second.body.keyCheck };
    const accepted = await followKeyStates(records, first, seen, trustAll);
    assert.ok(accepted.accepted && accepted.record.id === second.id && accepted.steps.length === 1);
    const notHolder: KeyStateRecord = { ...first, body: { ...first.body, holders: KEYSTATE_HOLDERS.filter((holder) => holder !== vectors.signer) } };
    const refused = await followKeyStates([notHolder, second], notHolder, seen, trustAll);
    assert.equal(refused.accepted ? 'accepted' : refused.reason, 'signerNotHolder');
    const untrusted = await followKeyStates(records, first, seen, () => Promise.resolve(false));
    assert.equal(untrusted.accepted ? 'accepted' : untrusted.reason, 'signerNotTrusted');
    const unclaimed = await followKeyStates(records, first, { generation: 2, keyCheck: '00'.repeat(32) }, trustAll);
    assert.equal(unclaimed.accepted ? 'accepted' : unclaimed.reason, 'unsigned');
  });

  it('refuses a flipped byte (hashMismatch), a re-spelling (malformed), a changed field (badSignature) and the high-S twin of its signature (badSignature)', () => {
    const id = vectors.records[1]?.id ?? '';
    const bytes = bytesOf(id);
    const flipped = Buffer.from(bytes);
    flipped[100] = (flipped[100] as number) ^ 0x01;
    assert.equal(problemOf(() => parseKeyState(flipped, id)), 'hashMismatch');
    const file = JSON.parse(bytes.toString('utf8')) as { body: Record<string, unknown>; signature: string };
    assert.equal(problemOf(renamed(Buffer.from(JSON.stringify(file, null, 1), 'utf8'))), 'malformed');
    assert.equal(problemOf(renamed(Buffer.from(canonicalJson({ ...file, body: { ...file.body, generation: 3 } }), 'utf8'))), 'badSignature');
    const signature = p256.Signature.fromBytes(Buffer.from(file.signature, 'base64'), 'der');
    const highS = new p256.Signature(signature.r, p256.Point.CURVE().n - signature.s).toBytes('der');
    assert.equal(problemOf(renamed(Buffer.from(canonicalJson({ ...file, signature: Buffer.from(highS).toString('base64') }), 'utf8'))), 'badSignature');
  });

  // Found by the independent reader (tests/independent/backup-reader): "holders … sorted ascending,
  // each once" and "one record, one spelling" — a holder set spelled in another order, or with a
  // repeat, is another spelling of the same claim, even when validly signed.
  it('refuses holders out of order or repeated, validly signed by the vector signer (malformed)', () => {
    const id = vectors.records[0]?.id ?? '';
    const file = JSON.parse(bytesOf(id).toString('utf8')) as { body: KeyStateBody; signature: string };
    const key = createPrivateKey(readFileSync(new URL('../../vectors/container/pki/signer.key', import.meta.url), 'utf8'));
    const resigned = (holders: string[]) => {
      const body = { ...file.body, holders };
      const der = sign('sha256', keyStateSigned(body), { key, dsaEncoding: 'der' });
      const signature = p256.Signature.fromBytes(der, 'der');
      const lowS = signature.s > p256.Point.CURVE().n / 2n ? new p256.Signature(signature.r, p256.Point.CURVE().n - signature.s) : signature;
      return Buffer.from(canonicalJson({ body, signature: Buffer.from(lowS.toBytes('der')).toString('base64') }), 'utf8');
    };
    assert.equal(problemOf(renamed(resigned([...file.body.holders]))), 'parsed'); // the re-signing itself is sound
    assert.equal(problemOf(renamed(resigned([...file.body.holders].reverse()))), 'malformed');
    assert.equal(problemOf(renamed(resigned([...file.body.holders, file.body.holders[0] as string].sort()))), 'malformed');
  });
});
