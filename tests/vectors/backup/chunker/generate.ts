// Writes vectors.json: `node --import tsx tests/vectors/backup/chunker/generate.ts`. Run only when
// the format changes on purpose; keyed-chunker-vectors.test.ts checks the code against the file.
import { writeFileSync } from 'node:fs';
import { deriveChunkerKeys } from '../../../../electron/core/backup/chunker-keys.js';
import { KeyedChunker, CHUNKER_PARAMETERS } from '../../../../electron/core/backup/keyed-chunker.js';
import { VECTOR_INPUTS, VECTOR_MASTER_KEY, vectorBytes } from './inputs.js';

const keys = deriveChunkerKeys(VECTOR_MASTER_KEY);
const vectors = VECTOR_INPUTS.map((input) => {
  const chunker = new KeyedChunker(keys);
  const chunks = [...chunker.push(vectorBytes(input)), ...chunker.finish()];
  return { ...input, cuts: chunks.map((chunk) => chunk.offset + chunk.length), blobIds: chunks.map((chunk) => chunk.id.toString('hex')) };
});
const gear = { gearA0: keys.gearA[0], gearC255: keys.gearC[255], cutKey: keys.cutKey.toString('hex'), blobIdKey: keys.blobIdKey.toString('hex') };
writeFileSync(new URL('vectors.json', import.meta.url), JSON.stringify({ masterKey: VECTOR_MASTER_KEY.toString('hex'), parameters: CHUNKER_PARAMETERS, derived: gear, vectors }, null, 2) + '\n');
