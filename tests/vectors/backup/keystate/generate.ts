// Writes the committed key-state record vectors (docs/backup-repository.md "Key-state records",
// "Vectors"): records/<id> and vectors.json. Run by hand when the format changes:
// `node --import tsx tests/vectors/backup/keystate/generate.ts`. The signer is the container vectors'
// committed SOFTWARE test key `signer` (ECDSA P-256); ECDSA is randomised, so a new run gives new
// signatures and ids — the committed files are the vectors, the test checks them as they are.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildKeyState, keyStateSigned, parseKeyState } from '../../../../electron/core/backup/key-state.js';
import { sha256Hex } from '../../../../electron/core/backup/pack.js';
import { generationKeys, keyCheckOf } from '../../../../electron/core/backup/repository-keys.js';
import { testSigner as signer } from '../../../support/backup/software-keys.js';
import { KEYSTATE_HOLDERS, KEYSTATE_SECOND_KEY } from './inputs.js';
import { VECTOR_KEY_ID, VECTOR_MASTER_KEY } from '../repository/inputs.js';

const here = path.dirname(new URL(import.meta.url).pathname);

const first = await buildKeyState({ repository: VECTOR_KEY_ID, generation: 1, keyCheck: keyCheckOf(generationKeys(1, VECTOR_MASTER_KEY), VECTOR_KEY_ID), holders: KEYSTATE_HOLDERS, previous: null, signedAt: '2026-12-05T09:00:00.000Z' }, signer);
const second = await buildKeyState({ repository: VECTOR_KEY_ID, generation: 2, keyCheck: keyCheckOf(generationKeys(2, KEYSTATE_SECOND_KEY), VECTOR_KEY_ID), holders: KEYSTATE_HOLDERS, previous: first.id, signedAt: '2026-12-05T09:30:00.000Z' }, signer);

rmSync(path.join(here, 'records'), { recursive: true, force: true });
mkdirSync(path.join(here, 'records'));
const described = [first, second].map(({ id, bytes }) => {
  writeFileSync(path.join(here, 'records', id), bytes);
  const record = parseKeyState(bytes, id);
  return { id, generation: record.body.generation, keyCheck: record.body.keyCheck, previous: record.body.previous, signedSha256: sha256Hex(keyStateSigned(record.body)) };
});
writeFileSync(path.join(here, 'vectors.json'), `${JSON.stringify({ signer: sha256Hex(Buffer.from(signer.certificateDer)), records: described }, null, 2)}\n`);
