// The committed message vectors (tests/vectors/messages, docs/message-format.md "Vectors"): each
// read by Airlock with the answer vectors.json records, and the good ones read by openssl cms too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readMessage, readSignedMessage } from '../../../electron/core/messaging/cms-message-reader.js';
import { ParsedSignedData, verifySignedData } from '../../../electron/core/messaging/cms-signed-data-verifier.js';
import { claimedLabel } from '../../../electron/core/messaging/message-claims.js';
import { MessageError } from '../../../electron/core/messaging/message-error.js';
import { MAX_MESSAGE_BYTES, openEnvelope } from '../../../electron/core/messaging/cms-envelope.js';
import { readSignedEntity } from '../../../electron/core/messaging/mime-entity.js';
import { readForwarded } from '../../../electron/core/messaging/forwarded-message.js';
import { verifyReceipt } from '../../../electron/core/messaging/signed-receipt.js';
import { recipientFromPem } from '../../support/software-recipient.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import type { ForwardVector } from '../../vectors/messages/generate-forward.js';
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

  it('a SignedData parsed once for the label (the receiver) reads to the same verdict, label and content as its bytes, for every signed vector', async () => {
    const trust = await vectorTrust();
    const verdict = (read: () => Promise<{ readonly text: { readonly body: string }; readonly signedData: Uint8Array }>) =>
      read().then((message) => `ok ${message.text.body.length} ${Buffer.from(message.signedData).toString('hex')}`, (error: unknown) => (error instanceof MessageError ? error.problem : String(error)));
    // The signed vectors, and every message vector's SignedData that its envelope lets out (tampered signatures, labels, expiries…).
    const inner = async (vector: Vector): Promise<Uint8Array | undefined> => {
      if (vector.kind === 'signed') return bytes(vector.file);
      if (vector.kind !== 'message') return undefined;
      return openEnvelope(bytes(vector.file), [keyOf(vector.key ?? '')]).then(readSignedEntity, () => undefined);
    };
    const cases = (await Promise.all(index.vectors.map(async (vector) => ({ file: vector.file, given: await inner(vector), ok: vector.expect.ok })))).filter((item) => item.given !== undefined);
    assert.ok(cases.length >= 8 && cases.some((item) => !item.ok));
    for (const { file, given: found } of cases) {
      const vector = { file };
      const given = found ?? new Uint8Array();
      const parsed = (() => {
        try {
          return ParsedSignedData.parse(given);
        } catch (error) {
          return error instanceof MessageError ? error.problem : String(error);
        }
      })();
      const fromBytes = await verdict(() => readSignedMessage(given, trust));
      if (typeof parsed === 'string') {
        assert.equal(fromBytes, parsed, vector.file); // the verifier refuses it for the same reason
        continue;
      }
      assert.equal(await verdict(() => readSignedMessage(parsed, trust)), fromBytes, vector.file);
      assert.equal(claimedLabel(parsed), claimedLabel(given), vector.file);
    }
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

  it('openssl cms decrypts forward.der and verifies it; the forwarded original inside verifies in openssl on its own, byte for byte signed.der', () => {
    openssl(['cms', '-decrypt', '-inform', 'DER', '-in', path.join(dir, 'forward.der'), '-recip', path.join(pki, 'recipient-rsa.pem'), '-inkey', path.join(pki, 'recipient-rsa.key'), '-out', 'forward.smime']);
    openssl(['cms', '-verify', '-in', 'forward.smime', '-CAfile', path.join(pki, 'root.pem'), '-out', 'forward.txt']);
    const text = readFileSync(path.join(work, 'forward.txt'), 'latin1');
    assert.match(text, /Content-Type: message\/external-body; access-type=x-airlock-object;/);
    const inner = /Content-Type: application\/pkcs7-mime; smime-type=signed-data;\r\n name="forwarded.p7m"\r\n[^]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(text);
    assert.ok(inner?.[1]);
    const der = Buffer.from(inner[1].replace(/\r\n/g, ''), 'base64');
    assert.deepEqual(der, Buffer.from(bytes('signed.der')));
    writeFileSync(path.join(work, 'inner.der'), der);
    openssl(['cms', '-verify', '-inform', 'DER', '-in', 'inner.der', '-CAfile', path.join(pki, 'root.pem'), '-out', 'inner.txt']);
    assert.match(readFileSync(path.join(work, 'inner.txt'), 'latin1'), new RegExp(`Message-ID: <${index.messageId}>`));
    // A second MIME implementation, Python's email package, reads the parts, the RFC 2231 name and the original.
    const script = [
      'import email, email.policy, hashlib, json, sys',
      'm = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)',
      'parts = list(m.iter_parts())',
      'out = {"defects": len(m.defects) + sum(len(p.defects) for p in parts), "types": [p.get_content_type() for p in parts]}',
      'out["files"] = [p.get_payload()[0].get_filename() for p in parts if p.get_content_type() == "message/external-body"]',
      'out["sha256"] = [p.get_param("sha256") for p in parts if p.get_content_type() == "message/external-body"]',
      'out["original"] = [hashlib.sha256(p.get_payload(decode=True)).hexdigest() for p in parts if p.get_content_type() == "application/pkcs7-mime"]',
      'print(json.dumps(out))',
    ].join('\n');
    const python = JSON.parse(execFileSync('python3', ['-c', script, path.join(work, 'forward.txt')], { encoding: 'utf8' })) as Record<string, unknown>;
    const vector = (JSON.parse(readFileSync(path.join(dir, 'forward-vectors.json'), 'utf8')) as { vectors: ForwardVector[] }).vectors[0];
    assert.deepEqual(python, {
      defects: 0,
      types: ['text/plain', 'message/external-body', 'message/external-body', 'application/pkcs7-mime'],
      files: vector?.attachments?.map((ref) => ref.fileName),
      sha256: vector?.attachments?.map((ref) => ref.sha256),
      original: [createHash('sha256').update(bytes('signed.der')).digest('hex')],
    });
  });
});

describe('attachment and forward vectors (tests/vectors/messages/forward-vectors.json)', () => {
  const forwards = JSON.parse(readFileSync(path.join(dir, 'forward-vectors.json'), 'utf8')) as { vectors: ForwardVector[] };
  for (const vector of forwards.vectors) {
    it(`${vector.file}: ${vector.description} → ${vector.expect.ok ? 'ok' : vector.expect.problem}`, async () => {
      const trust = await vectorTrust();
      const read = await readMessage({ message: bytes(vector.file), keys: [keyOf(vector.key)], trust }).then(
        (message) => message,
        (error: unknown) => (error instanceof MessageError ? error.problem : Promise.reject(error)),
      );
      if (typeof read === 'string') return assert.equal(read, vector.expect.ok ? 'ok' : vector.expect.problem);
      assert.ok(vector.expect.ok, 'read, but the vector expects a refusal');
      assert.deepEqual(read.text.attachments, vector.attachments);
      assert.equal(read.text.forwarded?.length, vector.forwarded?.length);
      for (const [at, expected] of (vector.forwarded ?? []).entries()) {
        const carried: Uint8Array = read.text.forwarded?.[at] ?? new Uint8Array();
        if (expected.sameAs !== null) assert.deepEqual(carried, bytes(expected.sameAs));
        const verdict = await readForwarded(carried, trust);
        assert.deepEqual(verdict.trusted ? 'ok' : verdict.problem, expected.expect.ok ? 'ok' : expected.expect.problem);
        if (verdict.trusted) assert.equal(verdict.message.text.messageId, index.messageId);
      }
    });
  }
});
