// The committed message vectors (tests/vectors/messages, docs/message-format.md "Vectors"): each
// read by Airlock with the answer vectors.json records, and the good ones read by openssl cms too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readMessage, readSignedMessage } from '../../../electron/core/messaging/cms-message-reader.js';
import { verifySignedData } from '../../../electron/core/messaging/cms-signed-data-verifier.js';
import { MessageError } from '../../../electron/core/messaging/message-error.js';
import { MAX_MESSAGE_BYTES } from '../../../electron/core/messaging/cms-envelope.js';
import { verifyReceipt } from '../../../electron/core/messaging/signed-receipt.js';
import { recipientFromPem } from '../../support/software-recipient.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { vectorTrust, type MessageVector } from '../../vectors/messages/vector-trust.js';

const dir = path.resolve(import.meta.dirname, '../../vectors/messages');
const pki = path.join(dir, '..', 'container', 'pki');
type Vector = MessageVector;
const index = JSON.parse(readFileSync(path.join(dir, 'vectors.json'), 'utf8')) as { messageId: string; subject: string; vectors: Vector[] };
const bytes = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(dir, file)));
const keyOf = (name: string) => recipientFromPem(new Uint8Array(pemToDer(readFileSync(path.join(pki, `${name}.pem`), 'utf8'))), readFileSync(path.join(pki, `${name}.key`), 'utf8'));

async function outcome(vector: Vector): Promise<string> {
  const trust = await vectorTrust();
  try {
    if (vector.kind === 'message') {
      const read = await readMessage({ message: bytes(vector.file), keys: [keyOf(vector.key ?? '')], trust });
      assert.equal(read.text.subject, index.subject);
      assert.equal(read.text.messageId, index.messageId);
      assert.equal(read.text.inReplyTo, 'goc-1@airlock.invalid');
      assert.equal(read.classification, 'mat');
      assert.equal(read.precedence, 'hoaToc');
      assert.equal(read.signer.subject.commonName, 'Người ký mẫu');
    } else if (vector.kind === 'signed') {
      await readSignedMessage(bytes(vector.file), trust);
    } else {
      const original = await verifySignedData(bytes(vector.original ?? ''), trust);
      const receipt = await verifyReceipt(bytes(vector.file), original, trust);
      assert.equal(receipt.signer.subject.commonName, 'Người nhận RSA');
    }
    return 'ok';
  } catch (error) {
    if (error instanceof MessageError) return error.problem;
    throw error;
  }
}

describe('message vectors (tests/vectors/messages)', () => {
  for (const vector of index.vectors) {
    it(`${vector.file}${vector.original === undefined ? '' : ` vs ${vector.original}`}${vector.key === undefined ? '' : ` (${vector.key})`}: ${vector.description} → ${vector.expect.ok ? 'ok' : vector.expect.problem}`, async () => {
      assert.equal(await outcome(vector), vector.expect.ok ? 'ok' : vector.expect.problem);
    });
  }

  it('a message over 24 MiB is refused before anything is parsed', async () => {
    const huge = new Uint8Array(MAX_MESSAGE_BYTES + 1);
    huge.set(bytes('message.der'));
    const problem = await readMessage({ message: huge, keys: [keyOf('recipient-rsa')], trust: await vectorTrust() }).then(() => 'accepted', (error: unknown) => (error instanceof MessageError ? `${error.problem} (${error.detail.reason ?? ''})` : String(error)));
    assert.equal(problem, 'malformed (too large)');
  });

  it('a message with bytes after its DER is refused: one message, one spelling', async () => {
    const padded = new Uint8Array([...bytes('message.der'), 0, 0]);
    const problem = await readMessage({ message: padded, keys: [keyOf('recipient-rsa')], trust: await vectorTrust() }).then(() => 'accepted', (error: unknown) => (error instanceof MessageError ? error.problem : String(error)));
    assert.equal(problem, 'malformed');
  });

  const work = mkdtempSync(path.join(tmpdir(), 'airlock-message-vectors-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const openssl = (args: readonly string[]): string => execFileSync('openssl', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('openssl cms decrypts message.der with either software key and verifies it to the vectors’ root', () => {
    for (const key of ['recipient-rsa', 'recipient-ec']) {
      openssl(['cms', '-decrypt', '-inform', 'DER', '-in', path.join(dir, 'message.der'), '-recip', path.join(pki, `${key}.pem`), '-inkey', path.join(pki, `${key}.key`), '-out', `${key}.smime`]);
      openssl(['cms', '-verify', '-in', `${key}.smime`, '-CAfile', path.join(pki, 'root.pem'), '-out', `${key}.txt`]);
      assert.match(readFileSync(path.join(work, `${key}.txt`), 'latin1'), new RegExp(`Message-ID: <${index.messageId}>`));
    }
  });

  it('openssl cms verifies receipt.der against signed.der, and refuses tampered-content.der', () => {
    execFileSync('openssl', ['cms', '-verify_receipt', path.join(dir, 'receipt.der'), '-rctform', 'DER', '-in', path.join(dir, 'signed.der'), '-inform', 'DER', '-CAfile', path.join(pki, 'root.pem')], { stdio: 'ignore' });
    openssl(['cms', '-decrypt', '-inform', 'DER', '-in', path.join(dir, 'tampered-content.der'), '-recip', path.join(pki, 'recipient-ec.pem'), '-inkey', path.join(pki, 'recipient-ec.key'), '-out', 'tampered.smime']);
    assert.throws(() => openssl(['cms', '-verify', '-in', 'tampered.smime', '-CAfile', path.join(pki, 'root.pem'), '-out', 'tampered.txt']));
  });
});
