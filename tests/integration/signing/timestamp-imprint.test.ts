// A token's message imprint (docs/signing.md "Imprint hash"): SHA-256, SHA-384 and SHA-512 of the
// signature value are read (tokens other tools made); SHA-1 is refused as timestampHashUnsupported;
// an imprint of another value is timestampMismatch whatever the hash. Tokens from the real
// `openssl ts -query` / `-reply` against the loopback authority; the signature value is a real one
// made on the SoftHSM token.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { fromBER } from 'asn1js';
import { TimeStampResp } from 'pkijs';
import { signFile } from '../../../electron/core/document-signing/document-signing.js';
import { checkTimestampToken } from '../../../electron/core/document-signing/timestamp-token.js';
import { run, signingFixture, type SigningFixture } from '../../support/signing-fixture.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { issueTsaCertificate, startTestTsa, type TestTsa } from '../../support/test-tsa.js';

describe("a timestamp token's message imprint: which hashes are read, and a value that is not this signature's", () => {
  const teardown = teardownAfterSuite();
  let fx: SigningFixture;
  let tsa: TestTsa;
  let signature: Uint8Array;
  let count = 0;

  before(async () => {
    fx = await signingFixture(teardown);
    const dir = path.join(fx.dir, 'tsa');
    tsa = await startTestTsa(dir, await issueTsaCertificate(fx.token.pki.paths, dir, 'intermediate', 'tsa'), { digests: ['sha1', 'sha256', 'sha384', 'sha512'] });
    teardown.defer(() => tsa.close());
    // A real signature value: the one in a .p7s made on the token (read with the asn1 schema library).
    const file = path.join(fx.dir, 'biên bản.txt');
    await writeFile(file, 'Biên bản họp\n');
    const signed = await signFile(fx.request(fx.ec, file));
    const signer = AsnConvert.parse(AsnConvert.parse(await readFile(signed.output), ContentInfo).content, SignedData).signerInfos[0];
    assert.ok(signer !== undefined);
    signature = new Uint8Array(signer.signature.buffer);
  });

  /** A token over `hash` of `value`, asked with `openssl ts -query` and answered by the authority. */
  const tokenOver = async (hash: 'sha1' | 'sha256' | 'sha384' | 'sha512', value: Uint8Array): Promise<Uint8Array> => {
    const query = path.join(fx.dir, `q${++count}.tsq`);
    await run('openssl', ['ts', '-query', `-${hash}`, '-digest', createHash(hash).update(value).digest('hex'), '-cert', '-out', query]);
    const answer = await fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: await readFile(query) });
    assert.equal(answer.headers.get('content-type'), 'application/timestamp-reply');
    const response = new TimeStampResp({ schema: fromBER(await answer.arrayBuffer()).result });
    assert.ok(response.timeStampToken !== undefined, `granted for ${hash}`);
    return new Uint8Array(response.timeStampToken.toSchema().toBER());
  };

  for (const hash of ['sha256', 'sha384', 'sha512'] as const) {
    it(`${hash.toUpperCase()} of this signature value: valid and matching; of another value: timestampMismatch`, async () => {
      const good = await checkTimestampToken(await tokenOver(hash, signature), signature, fx.trust);
      assert.deepEqual([good.valid, good.matches, good.problem], [true, true, undefined]);
      const other = await checkTimestampToken(await tokenOver(hash, signature.slice(1)), signature, fx.trust);
      assert.deepEqual([other.valid, other.matches, other.problem], [false, false, 'timestampMismatch']);
    });
  }

  it('SHA-1 of this very signature value: timestampHashUnsupported, even though the authority signed it properly', async () => {
    const check = await checkTimestampToken(await tokenOver('sha1', signature), signature, fx.trust);
    assert.deepEqual([check.valid, check.matches, check.problem, check.reason], [false, false, 'timestampHashUnsupported', '1.3.14.3.2.26']);
  });
});
