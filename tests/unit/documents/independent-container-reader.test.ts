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

/** The code a promise ends with ('' when it resolves). */
async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ReaderError) return error.code;
    throw error;
  }
  return '';
}

describe('independent container reader: rules the vectors do not hold (copies of them changed by the text)', () => {
  const trust = trustOf([read('pki/root.pem')], [read('pki/root.crl.pem')]);
  const open = (file: Buffer, name = 'recipient-ec'): Promise<string> => codeOf(openContainer(file, [holder(name)], trust, new Date()));

  it('a first line without its LF is unsupportedVersion ("Opening" 1.1)', async () => {
    assert.equal(await open(Buffer.from('airlock-container/1')), 'unsupportedVersion');
    assert.equal(await open(Buffer.from('airlock-container')), 'notContainer');
  });

  it('an EC ephemeral point not starting 0x04 is malformed, not a damaged stanza', async () => {
    const file = read('two-chunks.alc');
    const text = file.toString('latin1');
    const line = text.split('\n').find((l) => l.startsWith('-> ecdh-es-p256 ')) ?? '';
    const fields = line.split(' ');
    const point = Buffer.from(fields[3] ?? '', 'base64');
    point[0] = 0x05;
    fields[3] = point.toString('base64');
    assert.equal(await open(Buffer.from(text.replace(line, fields.join(' ')), 'latin1')), 'malformed');
  });

  it('a body too short for nonce and metadata length is malformed at step 5, after the header MAC', async () => {
    const file = read('short-rsa.alc');
    const headerEnd = file.indexOf('\n', file.indexOf('\n--- ') + 1) + 1;
    const trailerLength = file.readUInt32BE(file.length - 12);
    const trailer = file.subarray(file.length - 12 - trailerLength);
    assert.equal(await open(Buffer.concat([file.subarray(0, headerEnd), trailer]), 'recipient-rsa'), 'malformed');
    assert.equal(await open(Buffer.concat([file.subarray(0, headerEnd), Buffer.alloc(19), trailer]), 'recipient-rsa'), 'malformed');
  });

  it('every changed byte of a version 2 file is refused (41 places, trailer included)', async () => {
    const v2Trust = trustOf([read('pki-ca/root.pem')], [read('pki-ca/root.crl.pem')]);
    const file = read('v2-three-chunks.alc');
    assert.equal(await codeOf(openContainer(file, [holder('recipient-ec')], v2Trust, new Date())), '');
    for (let k = 0; k <= 40; k += 1) {
      const at = Math.min(file.length - 1, Math.floor((k * file.length) / 40));
      const copy = Buffer.from(file);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      assert.notEqual(await codeOf(openContainer(copy, [holder('recipient-ec')], v2Trust, new Date())), '', `byte ${at} changed and accepted`);
    }
  });
});
