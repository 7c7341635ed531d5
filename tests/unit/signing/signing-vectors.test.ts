// The committed signing vectors (tests/vectors/signing, docs/signing.md "Vectors"): each checked by
// Airlock with the answer vectors.json records, and the good .p7s files by openssl cms too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyFile } from '../../../electron/core/document-signing/document-signing.js';
import { vectorTrust } from '../../vectors/messages/vector-trust.js';
import type { SigningVector } from '../../vectors/signing/signing-vector.js';

const dir = path.resolve(import.meta.dirname, '../../vectors/signing');
const { vectors } = JSON.parse(readFileSync(path.join(dir, 'vectors.json'), 'utf8')) as { vectors: SigningVector[] };

describe('signing vectors', () => {
  for (const vector of vectors) {
    it(`${vector.file}${vector.content === undefined ? '' : ` over ${vector.content}`}: ${vector.description}`, async () => {
      const verdict = await verifyFile(path.join(dir, vector.file), await vectorTrust(), vector.content === undefined ? undefined : path.join(dir, vector.content));
      assert.equal(verdict.valid, vector.expect.valid, JSON.stringify(verdict));
      if (verdict.format === 'pades') {
        if (vector.expect.coverage !== undefined) assert.deepEqual(verdict.signatures.map((check) => check.coverage), vector.expect.coverage);
        const problem = verdict.signatures.map((check) => (!check.valid ? check.problem : check.coverage === 'changesAppended' ? 'changedAfter' : undefined)).find((item) => item !== undefined);
        assert.equal(problem, vector.expect.problem);
      } else {
        assert.equal(verdict.problem, vector.expect.problem);
        if (vector.expect.valid) {
          const out = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', vector.file, '-content', vector.content ?? '', '-CAfile', '../container/pki/root.pem', '-purpose', 'any', '-out', '/dev/null'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          assert.equal(out, '');
        }
      }
    });
  }
  it('covers a valid and a refused vector of each kind', () => {
    for (const kind of ['.pdf', '.p7s']) {
      const ofKind = vectors.filter((vector) => vector.file.endsWith(kind));
      assert.ok(ofKind.some((vector) => vector.expect.valid) && ofKind.some((vector) => !vector.expect.valid), kind);
    }
  });
});
