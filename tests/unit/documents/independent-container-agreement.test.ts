// Changed copies of the vectors, opened by the independent reader (docs/container.md alone) and by
// the app's reader: both must give the same answer — the same code, or both accept. The vectors pin
// one answer per rule; these pin that the two readers take the same path through "Opening" for
// damage anywhere in a file, version 1 and 2.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, constants, createHash, createPrivateKey, sign } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import { openContainer as appOpen } from '../../../electron/core/documents/container-reader.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { recipientFromPem } from '../../support/software-recipient.js';
import { canonicalJson } from '../../independent/container-reader/canonical-json.js';
import { trustOf } from '../../independent/container-reader/chain.js';
import { ReaderError } from '../../independent/container-reader/errors.js';
import { openContainer } from '../../independent/container-reader/reader.js';

const dir = new URL('../../vectors/container/', import.meta.url).pathname;
const read = (name: string): Buffer => readFileSync(dir + name);
const folder = mkdtempSync(join(tmpdir(), 'container-agreement-'));
after(() => rmSync(folder, { recursive: true, force: true }));

async function independentCode(file: Buffer, key: string, ca: string): Promise<string> {
  const holder = { certificate: new X509Certificate(read(`pki/${key}.pem`)), privateKey: createPrivateKey(read(`pki/${key}.key`)) };
  try {
    await openContainer(file, [holder], trustOf([read(`${ca}/root.pem`)], [read(`${ca}/root.crl.pem`)]), new Date());
    return 'accepted';
  } catch (error) {
    if (error instanceof ReaderError) return error.code;
    throw error;
  }
}

async function appCode(file: Buffer, key: string, ca: string, name: string): Promise<string> {
  const path = join(folder, name);
  writeFileSync(path, file);
  const crls = new CrlCache(new MemoryCrlStore());
  const root = read(`${ca}/root.pem`).toString('utf8');
  await crls.import(read(`${ca}/root.crl.pem`).toString('utf8'), [root]);
  const trust = { anchors: TrustAnchors.load([root]), intermediates: [], crls, now: () => new Date() };
  const keys = [recipientFromPem(new Uint8Array(pemToDer(read(`pki/${key}.pem`).toString('utf8'))), read(`pki/${key}.key`).toString('utf8'))];
  try {
    await appOpen({ path, keys, trust, sink: { kind: 'memory', maxBytes: 1024 * 1024 } });
    return 'accepted';
  } catch (error) {
    if (error instanceof ContainerError) return error.problem;
    throw error;
  }
}

const both = async (file: Buffer, key: string, ca: string, name: string): Promise<[string, string]> =>
  [await independentCode(file, key, ca), await appCode(file, key, ca, name)];

describe('independent reader and app reader agree on changed copies', () => {
  const short = read('short-rsa.alc');
  const headerEnd = short.indexOf('\n', short.indexOf('\n--- ') + 1) + 1;
  const trailer = short.subarray(short.length - 12 - short.readUInt32BE(short.length - 12));
  const twoChunks = read('two-chunks.alc').toString('latin1');
  const ecLine = twoChunks.split('\n').find((l) => l.startsWith('-> ecdh-es-p256 ')) ?? '';
  const point = Buffer.from(ecLine.split(' ')[3] ?? '', 'base64');
  point[0] = 0x05;
  const ecFields = ecLine.split(' ');
  ecFields[3] = point.toString('base64');
  const named: [string, Buffer, string, string, string][] = [
    ['no body', Buffer.concat([short.subarray(0, headerEnd), trailer]), 'recipient-rsa', 'pki', 'malformed'],
    ['19 bytes of body', Buffer.concat([short.subarray(0, headerEnd), Buffer.alloc(19), trailer]), 'recipient-rsa', 'pki', 'malformed'],
    ['an EC point starting 0x05', Buffer.from(twoChunks.replace(ecLine, ecFields.join(' ')), 'latin1'), 'recipient-ec', 'pki', 'malformed'],
    ['a first line without LF', Buffer.from('airlock-container/1'), 'recipient-ec', 'pki', 'unsupportedVersion'],
    ['a byte-order mark first', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), read('two-chunks.alc')]), 'recipient-ec', 'pki', 'notContainer'],
  ];
  for (const [name, file, key, ca, expected] of named) {
    it(`${name}: ${expected}`, async () => {
      assert.deepEqual(await both(file, key, ca, `${name.replaceAll(' ', '-')}.alc`), [expected, expected]);
    });
  }

  it('a version 1 RSA-PSS value without its leading zero byte: accepted by both (the second spelling the text names)', async () => {
    const file = read('rsa-pss.alc');
    const length = file.readUInt32BE(file.length - 12);
    const start = file.length - 12 - length;
    const trailer = JSON.parse(file.subarray(start, start + length).toString('utf8')) as { signature: string };
    const message = Buffer.concat([Buffer.from('airlock-container/1 signature\0', 'ascii'), createHash('sha256').update(file.subarray(0, start)).digest()]);
    const key = createPrivateKey(read('pki-ca/signer-pss.key'));
    let value = Buffer.alloc(0);
    while (value[0] !== 0) value = sign('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }); // 1 in 256
    const respelled = (signature: Buffer): Buffer => {
      const json = Buffer.from(canonicalJson({ ...trailer, signature: signature.toString('base64') }), 'utf8');
      const size = Buffer.alloc(4);
      size.writeUInt32BE(json.length);
      return Buffer.concat([file.subarray(0, start), json, size, Buffer.from('AIRSIG01')]);
    };
    assert.deepEqual(await both(respelled(value), 'recipient-ec', 'pki-ca', 'pss-full.alc'), ['accepted', 'accepted']);
    assert.deepEqual(await both(respelled(value.subarray(1)), 'recipient-ec', 'pki-ca', 'pss-short.alc'), ['accepted', 'accepted']);
  });

  for (const [vector, ca, places] of [['two-chunks.alc', 'pki', 60], ['v2-three-chunks.alc', 'pki-ca', 60]] as const) {
    it(`${vector}: one bit changed at ${places + 1} places spread over the file, each refused with one code by both`, async () => {
      const file = read(vector);
      for (let k = 0; k <= places; k += 1) {
        const at = Math.min(file.length - 1, Math.floor((k * file.length) / places));
        const copy = Buffer.from(file);
        copy[at] = (copy[at] ?? 0) ^ 0x04;
        const [independent, app] = await both(copy, 'recipient-ec', ca, `${vector}-${at}`);
        assert.equal(independent, app, `byte ${at}: independent ${independent}, app ${app}`);
        assert.notEqual(independent, 'accepted', `byte ${at}`);
      }
    });
  }
});
