// The clean-room reader of tests/independent/container-reader/ (written from docs/container.md and
// the vectors folder alone) against every container vector, positive and negative: it must agree
// with each manifest's expectation — plaintext, file name, signer, or the exact code and detail.
import assert from 'node:assert/strict';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ReaderError } from '../../independent/container-reader/errors.js';
import { type Trust, trustOf } from '../../independent/container-reader/chain.js';
import { openContainer } from '../../independent/container-reader/reader.js';
import type { Holder } from '../../independent/container-reader/stanzas.js';

const folder = new URL('../../vectors/container/', import.meta.url).pathname;
const read = (name: string): Buffer => readFileSync(folder + name);

interface Vector {
  file: string;
  description: string;
  recipient: string | string[];
  expect: { ok: boolean; sha256?: string; bytes?: number; fileName?: string; signer?: string; problem?: string; chunk?: number; recipient?: string; reason?: string };
}

const holder = (name: string): Holder => ({
  certificate: new X509Certificate(read(`pki/${name}.pem`)),
  privateKey: createPrivateKey(read(`pki/${name}.key`)),
});

/** Every order of a list of keys ("every order of keys for a list", docs/container.md "Vectors"). */
const orders = (names: string[]): string[][] =>
  names.length <= 1 ? [names] : names.flatMap((first, i) => orders(names.filter((_, j) => j !== i)).map((rest) => [first, ...rest]));

for (const manifest of ['vectors.json', 'vectors-pki-ca.json', 'vectors-v2.json']) {
  const { trustAnchor, crl, vectors } = JSON.parse(read(manifest).toString('utf8')) as { trustAnchor: string; crl: string; vectors: Vector[] };
  const trust: Trust = trustOf([read(trustAnchor)], [read(crl)]);
  describe(`independent container reader: ${manifest}`, () => {
    for (const vector of vectors) {
      const names = typeof vector.recipient === 'string' ? [vector.recipient] : vector.recipient;
      for (const order of orders(names)) {
        it(`${vector.file} (${order.join(' + ')}): ${vector.description}`, async () => {
          const run = openContainer(read(vector.file), order.map(holder), trust, new Date());
          const { expect } = vector;
          if (expect.ok) {
            const opened = await run;
            assert.equal(opened.plaintext.length, expect.bytes);
            assert.equal(createHash('sha256').update(opened.plaintext).digest('hex'), expect.sha256);
            assert.equal(opened.metadata.fileName, expect.fileName);
            if (expect.signer) assert.equal(opened.signer, expect.signer);
            return;
          }
          const error = await run.then(() => null, (e: unknown) => e);
          assert.ok(error instanceof ReaderError, `expected ${expect.problem}, got ${String(error)}`);
          assert.equal(error.code, expect.problem, error.message);
          for (const key of ['chunk', 'recipient', 'reason'] as const) {
            if (expect[key] !== undefined) assert.equal(error.detail[key], expect[key], error.message);
          }
        });
      }
    }
  });
}
