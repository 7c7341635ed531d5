// The clean-room reader of tests/independent/backup-reader/ (written from docs/backup-repository.md
// alone) against every backup vector, positive and negative: it must agree with the vectors, or fail.
import assert from 'node:assert/strict';
import { X509Certificate, createCipheriv, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { LARGEST_CHUNK, openBlob } from '../../independent/backup-reader/blob.js';
import { blobIdOf, cutPoints } from '../../independent/backup-reader/chunker.js';
import { ReaderError } from '../../independent/backup-reader/errors.js';
import { flipped, readFolder, renamed } from '../../independent/backup-reader/files.js';
import { parseKeyFile, privateKeyOf } from '../../independent/backup-reader/key-file.js';
import { type KeyStateBody, canonicalJson, followReason, issuedBy, parseKeyState, signedBytesOf } from '../../independent/backup-reader/key-state.js';
import { deriveKeys, keyCheckOf } from '../../independent/backup-reader/keys.js';
import { isStale, readLock } from '../../independent/backup-reader/lock.js';
import { padme } from '../../independent/backup-reader/padme.js';
import { openGcm, sha256Hex } from '../../independent/backup-reader/primitives.js';
import { type Files, type Holder, listSnapshots, openRepository, restoreInMemory } from '../../independent/backup-reader/repository.js';
import { PREFIX_LENGTH } from '../../independent/backup-reader/sealed-file.js';
import { chunkerInput, counting } from '../../independent/backup-reader/vector-inputs.js';
import { VECTOR_TEXT } from '../../vectors/backup/blobs/inputs.js';
import { VECTOR_TREE } from '../../vectors/backup/repository/inputs.js';

const vectors = new URL('../../vectors/backup/', import.meta.url).pathname;
const pki = new URL('../../vectors/container/pki/', import.meta.url).pathname;
const json = (relative: string): any => JSON.parse(readFileSync(vectors + relative, 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any
const pem = (name: string): string => readFileSync(`${pki}${name}.pem`, 'utf8');
const holder = (name: string): Holder => ({ certificatePem: pem(name), privateKey: privateKeyOf(readFileSync(`${pki}${name}.key`, 'utf8')) });

/** The error name a promise or call ends with ('' when it does not throw a ReaderError). */
async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ReaderError) return error.code;
    throw error;
  }
  return '';
}

const MASTER = counting(0, 32);
const REPOSITORY_ID = counting(0, 16).toString('hex');

describe('independent reader: key derivation and Padmé', () => {
  it('derives the chunker vectors\' and the repository vectors\' keys', () => {
    const chunker = json('chunker/vectors.json');
    const keys = deriveKeys(Buffer.from(chunker.masterKey, 'hex'));
    assert.equal(keys.gearA[0], chunker.derived.gearA0);
    assert.equal(keys.gearC[255], chunker.derived.gearC255);
    assert.equal(keys.cutKey.toString('hex'), chunker.derived.cutKey);
    assert.equal(keys.blobIdKey.toString('hex'), chunker.derived.blobIdKey);
    const repository = json('repository/vectors.json').derived;
    assert.equal(repository.masterKey, MASTER.toString('hex'));
    assert.equal(repository.repository, REPOSITORY_ID);
    assert.equal(deriveKeys(MASTER).sealKey.toString('hex'), repository.sealKey);
    assert.equal(deriveKeys(MASTER).checkKey.toString('hex'), repository.checkKey);
    assert.equal(keyCheckOf(MASTER, REPOSITORY_ID), repository.keyCheck);
    assert.equal(json('blobs/vectors.json').sealKey, repository.sealKey);
  });

  it('rounds the vectors\' lengths as Padmé does', () => {
    for (const [length, padded] of json('repository/vectors.json').padme as [number, number][]) assert.equal(padme(length), padded, `padme(${length})`);
  });
});

describe('independent reader: the keyed chunker', () => {
  const chunker = json('chunker/vectors.json');
  const keys = deriveKeys(Buffer.from(chunker.masterKey, 'hex'));
  for (const vector of chunker.vectors) {
    it(`cuts ${vector.name} where the vector says, with its blob ids`, () => {
      const data = chunkerInput(vector);
      assert.equal(data.length, vector.length);
      const cuts = cutPoints(data, keys);
      assert.deepEqual(cuts, vector.cuts);
      assert.deepEqual(cuts.map((end, i) => blobIdOf(keys, data.subarray(i === 0 ? 0 : (cuts[i - 1] as number), end))), vector.blobIds);
    });
  }

  it('negative: random-12MiB under the key ff fe … e0 shares no content cut and no blob id with the vector', () => {
    const vector = chunker.vectors.find((v: { name: string }) => v.name === 'random-12MiB');
    const other = deriveKeys(counting(0xff, 32, -1));
    const data = chunkerInput(vector);
    const cuts = cutPoints(data, other);
    const ids = cuts.map((end, i) => blobIdOf(other, data.subarray(i === 0 ? 0 : (cuts[i - 1] as number), end)));
    assert.deepEqual(cuts.slice(0, -1).filter((cut) => vector.cuts.includes(cut)), []);
    assert.deepEqual(ids.filter((id) => vector.blobIds.includes(id)), []);
  });
});

describe('independent reader: sealed blobs', () => {
  const blobs = json('blobs/vectors.json');
  const keys = deriveKeys(Buffer.from(blobs.masterKey, 'hex'));
  for (const vector of blobs.vectors) {
    it(`${vector.name}: ${vector.expect} (${vector.why})`, async () => {
      const sealed = Buffer.from(vector.sealed, 'base64');
      assert.equal(sealed.subarray(0, 12).toString('hex'), counting(0, 12).fill(0).fill(blobs.vectors.indexOf(vector) + 1, 0, 1).toString('hex'));
      if (vector.expect !== 'chunk') {
        assert.equal(await codeOf(() => openBlob(keys, vector.type, vector.id, sealed)), vector.expect);
        return;
      }
      const chunk = await openBlob(keys, vector.type, vector.id, sealed);
      assert.equal(chunk.length, Number(vector.chunkLength));
      if (vector.name === 'zstd-blocks-exactly-8MiB' || vector.name === 'brotli-exactly-8MiB') assert.ok(chunk.equals(Buffer.alloc(8 * 1024 * 1024)));
      else if (vector.name === 'tree-brotli-exactly-64MiB') assert.deepEqual(JSON.parse(chunk.toString('utf8')), { nodes: [] });
      else assert.ok(chunk.equals(VECTOR_TEXT));
    });
  }
  it('negative: a blob opened as a tree, or under another id, is sealBroken', async () => {
    const vector = blobs.vectors[0];
    const sealed = Buffer.from(vector.sealed, 'base64');
    assert.equal(await codeOf(() => openBlob(keys, 'tree', vector.id, sealed)), 'sealBroken');
    assert.equal(await codeOf(() => openBlob(keys, 'data', blobs.vectors[3].id, sealed)), 'sealBroken');
  });
  it('the brotli bounds are the ones the vectors need: the over-8MiB and over-64MiB streams refused, each exactly-largest one opened', () => {
    assert.deepEqual(blobs.vectors.filter((v: { name: string }) => /brotli-(exactly|over)/.test(v.name)).map((v: { name: string; type: string; expect: string }) => `${v.name} ${v.type} ${v.expect}`), ['brotli-exactly-8MiB data chunk', 'brotli-over-8MiB data malformed', 'tree-brotli-exactly-64MiB tree chunk', 'tree-brotli-over-64MiB tree malformed']);
    assert.deepEqual(LARGEST_CHUNK, { data: 8 * 1024 * 1024, tree: 64 * 1024 * 1024 });
  });
});

describe('independent reader: key-state records', () => {
  const keystate = json('keystate/vectors.json');
  const read = (id: string): Buffer => readFileSync(`${vectors}keystate/records/${id}`);
  type RecordVector = { id: string; generation: number; keyCheck: string; previous: string | null; signedSha256: string };
  const [first, second] = keystate.records as [RecordVector, RecordVector];
  const root = new X509Certificate(pem('root'));
  const trusted = issuedBy(root, new Date('2026-12-05T12:00:00Z'));

  it('parses both records with the vector\'s values, signed by the container vectors\' signer', () => {
    const masters = [MASTER, counting(0x20, 32)];
    for (const record of [first, second]) {
      const body = parseKeyState(record.id, read(record.id));
      assert.equal(body.generation, record.generation);
      assert.equal(body.keyCheck, record.keyCheck);
      assert.equal(body.keyCheck, keyCheckOf(masters[record.generation - 1] as Buffer, REPOSITORY_ID));
      assert.equal(body.previous, record.previous);
      assert.equal(sha256Hex(signedBytesOf(body)), record.signedSha256);
      assert.ok(signedBytesOf(body).toString('utf8').startsWith('airlock-backup-keystate/1\n{"certificate":'));
      assert.equal(sha256Hex(Buffer.from(body.certificate, 'base64')), keystate.signer);
      assert.equal(sha256Hex(new X509Certificate(pem('signer')).raw), keystate.signer);
      assert.ok(body.holders.includes(keystate.signer));
    }
  });

  it('the second follows the first; not when its signer is no holder there (signerNotHolder) or untrusted (signerNotTrusted)', () => {
    const one = parseKeyState(first.id, read(first.id));
    const two = parseKeyState(second.id, read(second.id));
    assert.equal(followReason(first.id, one, two, trusted), null);
    const dropped: KeyStateBody = { ...one, holders: one.holders.filter((h) => h !== keystate.signer) };
    assert.equal(followReason(first.id, dropped, two, trusted), 'signerNotHolder');
    assert.equal(followReason(first.id, one, two, () => false), 'signerNotTrusted');
    assert.equal(followReason(second.id, two, one, trusted), 'notFollowing');
  });

  it('negative: flipped byte hashMismatch, pretty-printed malformed, changed generation badSignature, high-S twin badSignature', async () => {
    const bytes = read(first.id);
    const named = (b: Buffer) => () => parseKeyState(sha256Hex(b), b);
    assert.equal(await codeOf(() => parseKeyState(first.id, flipped(bytes, 40))), 'hashMismatch');
    const record = JSON.parse(bytes.toString('utf8'));
    assert.equal(await codeOf(named(Buffer.from(JSON.stringify(record, null, 2), 'utf8'))), 'malformed');
    const changed = { ...record, body: { ...record.body, generation: 3 } };
    assert.equal(await codeOf(named(Buffer.from(canonicalJson(changed), 'utf8'))), 'badSignature');
    const signature = p256.Signature.fromBytes(Buffer.from(record.signature, 'base64'), 'der');
    const highS = new p256.Signature(signature.r, p256.Point.CURVE().n - signature.s).toBytes('der');
    const twin = { ...record, signature: Buffer.from(highS).toString('base64') };
    assert.equal(await codeOf(named(Buffer.from(canonicalJson(twin), 'utf8'))), 'badSignature');
  });

  it('negative: holders out of order or repeated, validly re-signed, are malformed', async () => {
    const record = JSON.parse(read(first.id).toString('utf8')) as { body: KeyStateBody; signature: string };
    const key = privateKeyOf(readFileSync(`${pki}signer.key`, 'utf8'));
    const resigned = (holders: string[]) => {
      const body = { ...record.body, holders };
      const signature = p256.Signature.fromBytes(sign('sha256', signedBytesOf(body), { key, dsaEncoding: 'der' }), 'der');
      const low = signature.s > p256.Point.CURVE().n / 2n ? new p256.Signature(signature.r, p256.Point.CURVE().n - signature.s) : signature;
      const bytes = Buffer.from(canonicalJson({ body, signature: Buffer.from(low.toBytes('der')).toString('base64') }), 'utf8');
      return () => parseKeyState(sha256Hex(bytes), bytes);
    };
    assert.equal(await codeOf(resigned([...record.body.holders])), '');
    assert.equal(await codeOf(resigned([...record.body.holders].reverse())), 'malformed');
    assert.equal(await codeOf(resigned([...record.body.holders, record.body.holders[0] as string].sort())), 'malformed');
  });
});

describe('independent reader: the committed repository', () => {
  const files: Files = readFolder(`${vectors}repository/repo`);
  const expected = json('repository/vectors.json').repository;

  it('holds exactly the files the vector lists, each with its SHA-256', () => {
    assert.deepEqual([...files.keys()].sort(), [...expected.files].sort());
    for (const [name, bytes] of files) assert.equal(sha256Hex(bytes), expected.sha256[name], name);
  });

  it('both holders open the same key set; the snapshot is signed by the container vectors\' signer', () => {
    const user = openRepository(files, holder('recipient-rsa'));
    const recovery = openRepository(files, holder('recipient-ec'));
    assert.ok(user.keysOf(1).sealKey.equals(recovery.keysOf(1).sealKey));
    const roles = [...files.keys()].filter((f) => f.startsWith('keys/')).map((f) => parseKeyFile(f.slice(5), files.get(f) as Buffer));
    assert.deepEqual(roles.map((k) => [k.holder, k.role]).sort(), [[sha256Hex(new X509Certificate(pem('recipient-rsa')).raw), 'user'], [sha256Hex(new X509Certificate(pem('recipient-ec')).raw), 'recovery']].sort());
    const snapshots = listSnapshots(files, user);
    assert.deepEqual(snapshots.map((s) => s.id), [expected.snapshot]);
    assert.ok(Buffer.from((snapshots[0] as { body: { certificate: string } }).body.certificate, 'base64').equals(new X509Certificate(pem('signer')).raw));
  });

  it('restores the tree inputs.ts describes, byte for byte, with modes, times and the link', async () => {
    const repository = openRepository(files, holder('recipient-ec'));
    const [snapshot] = listSnapshots(files, repository);
    const restored = await restoreInMemory(repository, snapshot as never);
    assert.deepEqual([...restored.keys()].sort(), VECTOR_TREE.map((e) => e.path).sort());
    for (const entry of VECTOR_TREE) {
      const got = restored.get(entry.path);
      assert.equal(got?.type, entry.type, entry.path);
      assert.equal(got.mtimeNs, (BigInt(Math.round(entry.mtime * 1000)) * 1_000_000n).toString(), entry.path);
      if (entry.type === 'file' && got.type === 'file') {
        assert.ok(got.content.equals(Buffer.from(entry.base64, 'base64')), entry.path);
        assert.equal(got.mode, entry.mode, entry.path);
      }
      if (entry.type === 'symlink' && got.type === 'symlink') assert.equal(got.target, entry.target);
    }
    const s = snapshot as { body: { files: number; bytes: number } };
    assert.equal(s.body.files, VECTOR_TREE.filter((e) => e.type === 'file').length);
    assert.equal(s.body.bytes, VECTOR_TREE.reduce((sum, e) => sum + (e.type === 'file' ? Buffer.from(e.base64, 'base64').length : 0), 0));
  });

  it('negative: the signer (no key file) is notHolder', async () => {
    assert.equal(await codeOf(() => openRepository(files, holder('signer'))), 'notHolder');
  });

  for (const kind of ['data', 'index', 'snapshots', 'keys'] as const) {
    it(`negative: a flipped byte in ${kind}/… is hashMismatch`, async () => {
      const name = [...files.keys()].find((f) => f.startsWith(`${kind}/`)) as string;
      const damaged = new Map(files).set(name, flipped(files.get(name) as Buffer, 100));
      const run = kind === 'keys' ? () => parseKeyFile(name.slice(5), damaged.get(name) as Buffer) : async () => {
        const repository = openRepository(damaged, holder('recipient-rsa'));
        listSnapshots(damaged, repository);
      };
      assert.equal(await codeOf(run), 'hashMismatch');
    });
  }

  for (const kind of ['index', 'snapshots'] as const) {
    it(`negative: ${kind}/… damaged inside its sealed part and renamed to its hash is sealBroken`, async () => {
      const name = [...files.keys()].find((f) => f.startsWith(`${kind}/`)) as string;
      const damaged = renamed(files, name, flipped(files.get(name) as Buffer, PREFIX_LENGTH + 20));
      assert.equal(await codeOf(() => listSnapshots(damaged, openRepository(damaged, holder('recipient-rsa')))), 'sealBroken');
    });
  }

  for (const [what, change, problem] of [
    ['a changed hostname (resealed, renamed)', (text: string) => text.replace('"hostname":"vm"', '"hostname":"vn"'), 'badSignature'],
    ['the same JSON with a space after "body": (resealed, renamed)', (text: string) => text.replace('{"body":', '{"body": '), 'malformed'],
  ] as const) {
    it(`negative: a snapshot with ${what} is ${problem}`, async () => {
      const repository = openRepository(files, holder('recipient-rsa'));
      const name = `snapshots/${expected.snapshot}`;
      const bytes = files.get(name) as Buffer;
      const prefix = bytes.subarray(0, PREFIX_LENGTH);
      const aad = Buffer.from(`airlock-backup/1 snapshot ${prefix.toString('hex')}`, 'ascii');
      const text = openGcm(repository.keysOf(1).sealKey, aad, bytes.subarray(PREFIX_LENGTH), name).toString('utf8');
      assert.notEqual(change(text), text);
      const cipher = createCipheriv('aes-256-gcm', repository.keysOf(1).sealKey, Buffer.alloc(12, 7)).setAAD(aad);
      const sealed = Buffer.concat([Buffer.alloc(12, 7), cipher.update(change(text), 'utf8'), cipher.final(), cipher.getAuthTag()]);
      const damaged = renamed(files, name, Buffer.concat([prefix, sealed]));
      assert.equal(await codeOf(() => listSnapshots(damaged, repository)), problem);
    });
  }

  /** `prefix || seal(body)` as "Sealed files and blobs" says, with a fixed nonce. */
  const sealFile = (key: Buffer, kind: 'index' | 'snapshot', prefix: Buffer, body: Buffer): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.alloc(12, 9)).setAAD(Buffer.from(`airlock-backup/1 ${kind} ${prefix.toString('hex')}`, 'ascii'));
    return Buffer.concat([prefix, Buffer.alloc(12, 9), cipher.update(body), cipher.final(), cipher.getAuthTag()]);
  };
  const only = (folder: string): string => [...files.keys()].find((f) => f.startsWith(`${folder}/`)) as string;

  it('negative: a pack whose prefix says index is badPrefix; whose header length runs past the file is malformed', async () => {
    const name = only('data');
    const kind = Buffer.from(files.get(name) as Buffer);
    kind[5] = 2;
    assert.equal(await codeOf(() => openRepository(renamed(files, name, kind), holder('recipient-rsa'))), 'badPrefix');
    const long = Buffer.from(files.get(name) as Buffer);
    long.writeUInt32LE(long.length, long.length - 4);
    assert.equal(await codeOf(() => openRepository(renamed(files, name, long), holder('recipient-rsa'))), 'malformed');
  });

  it('negative: an index naming a missing pack is packMissing, one whose entry disagrees with the pack is indexMismatch', async () => {
    const repository = openRepository(files, holder('recipient-rsa'));
    const name = only('index');
    const bytes = files.get(name) as Buffer;
    const prefix = bytes.subarray(0, PREFIX_LENGTH);
    const body = openGcm(repository.keysOf(1).sealKey, Buffer.from(`airlock-backup/1 index ${prefix.toString('hex')}`, 'ascii'), bytes.subarray(PREFIX_LENGTH), name);
    const missing = Buffer.from(body);
    missing[0] = (missing[0] as number) ^ 1;
    assert.equal(await codeOf(() => openRepository(renamed(files, name, sealFile(repository.keysOf(1).sealKey, 'index', prefix, missing)), holder('recipient-rsa'))), 'packMissing');
    const moved = Buffer.from(body);
    moved.writeUInt32LE(moved.readUInt32LE(40 + 33) + 1, 40 + 33); // the first entry's offset
    assert.equal(await codeOf(() => openRepository(renamed(files, name, sealFile(repository.keysOf(1).sealKey, 'index', prefix, moved)), holder('recipient-rsa'))), 'indexMismatch');
  });

  it('negative: a snapshot whose prefix names generation 2, which the key set lacks, is sealBroken', async () => {
    const repository = openRepository(files, holder('recipient-rsa'));
    const name = `snapshots/${expected.snapshot}`;
    const prefix = Buffer.from((files.get(name) as Buffer).subarray(0, PREFIX_LENGTH));
    prefix.writeUInt32LE(2, 6);
    const damaged = renamed(files, name, sealFile(repository.keysOf(1).sealKey, 'snapshot', prefix, Buffer.from('{}')));
    assert.equal(await codeOf(() => listSnapshots(damaged, repository)), 'sealBroken');
  });

  it('negative: a config with another keyCheck is keyCheckMismatch', async () => {
    const config = JSON.parse((files.get('config') as Buffer).toString('utf8'));
    const damaged = new Map(files).set('config', Buffer.from(JSON.stringify({ ...config, keyCheck: 'ab'.repeat(32) }), 'utf8'));
    assert.equal(await codeOf(() => openRepository(damaged, holder('recipient-rsa'))), 'keyCheckMismatch');
  });
});

describe('independent reader: lock vectors', () => {
  const locks = json('locks/vectors.json');
  const keys = deriveKeys(Buffer.from(locks.masterKey, 'hex'));
  const keysOf = (generation: number) => (generation === locks.generation ? keys : undefined);
  const never = () => assert.fail('no process is looked up for another host');

  it('the master key is the repository vectors\' (its seal key the one they give)', () => {
    assert.equal(keys.sealKey.toString('hex'), json('repository/vectors.json').derived.sealKey);
  });

  for (const vector of locks.vectors) {
    if (vector.body !== undefined) {
      it(`${vector.name}: opens to the body the vector gives; stale at each moment as it says`, () => {
        const body = readLock(Buffer.from(vector.base64, 'base64'), vector.file, keysOf);
        assert.deepEqual(body, vector.body);
        for (const { now, stale } of vector.stale) assert.equal(isStale(body, Date.parse(now), 'may-doc-lap', never), stale, `at ${now}`);
      });
    } else {
      it(`negative: ${vector.name} is ${vector.expect}`, async () => {
        assert.equal(await codeOf(() => readLock(Buffer.from(vector.base64, 'base64'), vector.file, keysOf)), vector.expect);
      });
    }
  }

  it('a lock of this host whose process is gone is stale at once; one whose process lives is not', () => {
    const body = readLock(Buffer.from(locks.vectors[0].base64, 'base64'), locks.vectors[0].file, keysOf);
    const justAfter = Date.parse(body.time) + 1;
    assert.equal(isStale(body, justAfter, body.hostname, () => false), true);
    assert.equal(isStale(body, justAfter, body.hostname, () => true), false);
  });
});
