// The hand-over format's vectors (docs/messaging.md "The hand-over"): the valid one parses to the
// listed key's seed; each near miss is refused as messaging.credentialsFormat. Test-only keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fromSeed } from '@nats-io/nkeys';
import { DomainError } from '../../../electron/core/domain-error.js';
import { decodeCredentials, encodeCredentials } from '../../../electron/core/messaging/credentials-format.js';

const dir = path.resolve(import.meta.dirname, '../../vectors/messaging-credentials');
const vector = (name: string): Buffer => readFileSync(path.join(dir, name));

describe('airlock-messaging-credentials/1', () => {
  it('parses valid.json: the seed is the listed key’s, and encodes back to the same object', () => {
    const credentials = decodeCredentials(vector('valid.json'));
    assert.equal(fromSeed(Uint8Array.from(credentials.seed)).getPublicKey(), credentials.nkey);
    assert.deepEqual(credentials.servers, ['tls://10.20.0.11:4222', 'tls://10.20.0.12:4222']);
    assert.deepEqual(JSON.parse(encodeCredentials(credentials).toString('utf8')), JSON.parse(vector('valid.json').toString('utf8')));
  });

  for (const name of ['seed-mismatch.json', 'wrong-format.json', 'plain-server.json', 'no-roots.json', 'extra-field.json']) {
    it(`refuses ${name}`, () => {
      assert.throws(() => decodeCredentials(vector(name)), (error: unknown) => error instanceof DomainError && error.code === 'messaging.credentialsFormat');
    });
  }

  it('refuses bytes that are not JSON', () => {
    assert.throws(() => decodeCredentials(new Uint8Array([0xff, 0x00, 0x7b])), (error: unknown) => error instanceof DomainError && error.code === 'messaging.credentialsFormat');
  });
});
