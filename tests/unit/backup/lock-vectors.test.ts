// The committed lock vectors (tests/vectors/backup/locks, docs/backup-repository.md "Locks" and
// "Vectors") read by the app's reader: each positive opens to its body and is stale exactly from
// 30 minutes after its time; each negative is refused with its error name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { isStale, readLock, type LockBody } from '../../../electron/core/backup/locks.js';
import { generationKeys } from '../../../electron/core/backup/repository-keys.js';

const { masterKey, generation, vectors } = JSON.parse(readFileSync(new URL('../../vectors/backup/locks/vectors.json', import.meta.url), 'utf8')) as {
  masterKey: string;
  generation: number;
  vectors: { name: string; file: string; base64: string; body?: LockBody; stale?: { now: string; stale: boolean }[]; expect?: string }[];
};
const keys = generationKeys(generation, Buffer.from(masterKey, 'hex'));
const keysOf = (wanted: number) => (wanted === generation ? keys : undefined);
const problemOf = (run: () => unknown) => {
  try {
    run();
    return 'opened';
  } catch (error) {
    return error instanceof BackupFormatError ? `${error.problem} ${error.object}` : `other: ${String(error)}`;
  }
};

describe('lock vectors, read by the app', () => {
  it('has both kinds: 2 positives (shared, exclusive) and every negative with an error name', () => {
    assert.deepEqual(vectors.filter((vector) => vector.body !== undefined).map((vector) => vector.name), ['shared', 'exclusive']);
    assert.ok(vectors.filter((vector) => vector.expect !== undefined).length >= 9);
  });

  for (const vector of vectors) {
    if (vector.body !== undefined) {
      it(`${vector.name}: opens to its body; stale only when its age is not below 30 minutes`, () => {
        const body = readLock(Buffer.from(vector.base64, 'base64'), vector.file, keysOf);
        assert.deepEqual(body, vector.body);
        // Another host's lock (the vectors' hostnames are not this machine's): only the age counts.
        for (const { now, stale } of vector.stale ?? []) assert.equal(isStale(body, Date.parse(now)), stale, `at ${now}`);
      });
    } else {
      it(`${vector.name}: refused ${vector.expect ?? ''} naming the file`, () => {
        assert.equal(problemOf(() => readLock(Buffer.from(vector.base64, 'base64'), vector.file, keysOf)), `${vector.expect ?? ''} ${vector.file}`);
      });
    }
  }
});
