// Which key on a token signs documents (signing-key.ts, docs/signing.md "Which key signs"), on real
// certificates openssl makes with each key usage. The holders are the choice's input as
// tokenKeyHolders gives it (key-id order); nothing here signs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { documentSigningKey } from '../../../electron/core/document-signing/signing-key.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';

const run = promisify(execFile);

const USAGES = {
  ca: 'keyCertSign,cRLSign',
  agreementOnly: 'keyAgreement',
  digitalSignature: 'digitalSignature,keyAgreement',
  nonRepudiation: 'digitalSignature,nonRepudiation',
  contentCommitmentOnly: 'nonRepudiation',
} as const;

describe('the document signing key among a token’s keys', () => {
  let dir: string;
  const der: Partial<Record<keyof typeof USAGES | 'rsaNonRepudiation', Buffer>> = {};

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-signing-key-'));
    const make = async (name: string, usage: string, key: string[]): Promise<Buffer> => {
      const out = path.join(dir, `${name}.der`);
      await run('openssl', ['req', '-x509', '-new', ...key, '-nodes', '-keyout', path.join(dir, `${name}.key`), '-subj', `/CN=${name}`, '-days', '30', '-addext', `keyUsage=critical,${usage}`, '-outform', 'DER', '-out', out]);
      return await readFile(out);
    };
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    for (const [name, usage] of Object.entries(USAGES)) der[name as keyof typeof USAGES] = await make(name, usage, ec);
    der.rsaNonRepudiation = await make('rsaNonRepudiation', USAGES.nonRepudiation, ['-newkey', 'rsa:2048']);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const holder = (keyId: string, certificate: keyof typeof der, alwaysAuthenticate = false): TokenKeyHolder => {
    const certificateDer = der[certificate];
    assert.ok(certificateDer !== undefined);
    const signer = { scheme: certificate.startsWith('rsa') ? ('rsaPssSha256' as const) : ('ecdsaSha256' as const), certificateDer, sign: () => Promise.reject(new Error('the choice signs nothing')) };
    return { keyId, alwaysAuthenticate, certificateDer, signer, signerWithPin: () => signer, operations: { decryptOaep: () => Promise.reject(new Error('unused')), deriveEcdh: () => Promise.reject(new Error('unused')) } };
  };
  const chosen = (holders: TokenKeyHolder[], scheme?: 'rsaPssSha256' | 'ecdsaSha256'): string | undefined => documentSigningKey(holders, scheme)?.keyId;

  it('never a key whose certificate forbids signing (keyUsage without digitalSignature and nonRepudiation), even when it comes first', () => {
    assert.equal(chosen([holder('00', 'ca'), holder('01', 'agreementOnly'), holder('02', 'digitalSignature')]), '02');
    assert.equal(chosen([holder('00', 'ca'), holder('01', 'agreementOnly', true)]), undefined);
  });

  it('a nonRepudiation certificate before one with digitalSignature alone, whatever the key ids', () => {
    assert.equal(chosen([holder('01', 'digitalSignature'), holder('02', 'nonRepudiation')]), '02');
    assert.equal(chosen([holder('01', 'digitalSignature', true), holder('09', 'contentCommitmentOnly')]), '09');
  });

  it('among equals, the key that asks its PIN for each signature, then the lowest key id (the same key every time)', () => {
    assert.equal(chosen([holder('01', 'nonRepudiation'), holder('02', 'nonRepudiation'), holder('a1a1', 'nonRepudiation', true)]), 'a1a1');
    assert.equal(chosen([holder('01', 'nonRepudiation'), holder('02', 'nonRepudiation')]), '01');
    assert.equal(chosen([holder('01', 'digitalSignature'), holder('02', 'digitalSignature')]), '01');
  });

  it('narrowed to RSA or EC (airlock sign --key): the best of that kind, or none', () => {
    const holders = [holder('01', 'rsaNonRepudiation'), holder('02', 'nonRepudiation', true)];
    assert.equal(chosen(holders), '02');
    assert.equal(chosen(holders, 'rsaPssSha256'), '01');
    assert.equal(chosen([holder('02', 'nonRepudiation')], 'rsaPssSha256'), undefined);
  });
});
