import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { deriveChunkerKeys } from '../../../electron/core/backup/chunker-keys.js';
import { CHUNKER_PARAMETERS, KeyedChunker, type CutFinderChoice } from '../../../electron/core/backup/keyed-chunker.js';
import { OTHER_MASTER_KEY, VECTOR_INPUTS, VECTOR_MASTER_KEY, vectorBytes, type VectorInput } from '../../vectors/backup/chunker/inputs.js';

interface Vector extends VectorInput {
  readonly cuts: number[];
  readonly blobIds: string[];
}
const file = JSON.parse(readFileSync(new URL('../../vectors/backup/chunker/vectors.json', import.meta.url), 'utf8')) as {
  masterKey: string;
  parameters: unknown;
  derived: { gearA0: number; gearC255: number; cutKey: string; blobIdKey: string };
  vectors: Vector[];
};

function chunk(masterKey: Buffer, bytes: Buffer, cutFinder: CutFinderChoice = 'native') {
  const chunker = new KeyedChunker(deriveChunkerKeys(masterKey), CHUNKER_PARAMETERS, { cutFinder });
  const chunks = [...chunker.push(bytes), ...chunker.finish()];
  return { cuts: chunks.map((c) => c.offset + c.length), blobIds: chunks.map((c) => c.id.toString('hex')) };
}

describe('keyed chunker vectors (tests/vectors/backup/chunker, docs/backup-repository.md)', () => {
  it('the file is for the format’s key and parameters, and the derived keys match', () => {
    assert.equal(file.masterKey, VECTOR_MASTER_KEY.toString('hex'));
    assert.deepEqual(file.parameters, CHUNKER_PARAMETERS);
    assert.deepEqual(file.vectors.map((v) => v.name), VECTOR_INPUTS.map((v) => v.name));
    const keys = deriveChunkerKeys(VECTOR_MASTER_KEY);
    assert.deepEqual({ gearA0: keys.gearA[0], gearC255: keys.gearC[255], cutKey: keys.cutKey.toString('hex'), blobIdKey: keys.blobIdKey.toString('hex') }, file.derived);
  });
  // Both cut finders: native/field-aead's (the default where it is built) and the JavaScript loop.
  for (const vector of file.vectors) {
    for (const cutFinder of ['native', 'javascript'] as const) {
      it(`${vector.name}: cut points and blob ids (${cutFinder} cut finder)`, () => {
        assert.deepEqual(chunk(VECTOR_MASTER_KEY, vectorBytes(vector), cutFinder), { cuts: vector.cuts, blobIds: vector.blobIds });
      });
    }
  }
  it('negative: the same random input under another key is cut elsewhere, with other blob ids', () => {
    const vector = file.vectors.find((v) => v.name === 'random-12MiB');
    assert.ok(vector);
    const other = chunk(OTHER_MASTER_KEY, vectorBytes(vector));
    const inner = (cuts: number[]) => cuts.slice(0, -1);
    assert.ok(inner(other.cuts).length > 3);
    assert.deepEqual(inner(other.cuts).filter((cut) => vector.cuts.includes(cut)), [], 'no content cut in common');
    assert.deepEqual(other.blobIds.filter((id) => vector.blobIds.includes(id)), []);
  });
  it('negative: a flipped byte changes only the chunk that holds it', () => {
    const [whole, edited] = ['random-12MiB', 'random-12MiB-one-byte-flipped'].map((name) => file.vectors.find((v) => v.name === name));
    assert.ok(whole && edited);
    assert.deepEqual(edited.cuts, whole.cuts);
    assert.equal(edited.blobIds.filter((id, i) => id !== whole.blobIds[i]).length, 1);
  });
});
