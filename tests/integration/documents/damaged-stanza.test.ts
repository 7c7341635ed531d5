import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../../../electron/core/certificates/parsed-certificate.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import type { StanzaScheme } from '../../../electron/core/documents/container-format.js';
import { openContainer, type RecipientKey, type SignerTrust } from '../../../electron/core/documents/container-reader.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { recipientKeysOfSession } from '../../../electron/core/documents/document-service.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { translate } from '../../../renderer/src/i18n/catalog.js';
import { cliFolder, type CliFolder } from '../../support/airlock-cli.js';
import { damageStanza, type StanzaDamage } from '../../support/damaged-stanza.js';
import { rounds } from '../../support/soak.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { importTestCrls, pemToDer } from '../../support/softhsm/test-pki.js';
import { startedTokenCore, unlockedKeyHolders, until } from '../../support/token-core.js';

// Issue #11 §5: a damaged RSA stanza answered token.decryptFailed (exit 3) or container.headerTampered
// (exit 5) depending on the order in which the token listed its keys. Every damage below must get one
// answer, every time, from verify and decrypt, the CLI, the reader and the app.

// Each CLI round starts a process and a token session (~4 s): 20 rounds only when soaking.
const ROUNDS = rounds(4, 20);
type Holders = 'rsa' | 'ec' | 'rsa+ec' | 'ec+rsa';
interface Case {
  readonly file: Holders;
  readonly scheme: StanzaScheme;
  readonly damage: StanzaDamage;
  /** The problem, with the damaged stanza's recipient when it names one. */
  readonly expect: string;
}
const RSA = 'rsa-oaep-sha256';
const EC = 'ecdh-es-p256';
const CASES: readonly Case[] = [
  { file: 'ec+rsa', scheme: RSA, damage: 'wrappedBit', expect: 'recipientStanzaDamaged:rsa' },
  { file: 'rsa+ec', scheme: RSA, damage: 'wrappedBit', expect: 'recipientStanzaDamaged:rsa' },
  { file: 'rsa', scheme: RSA, damage: 'wrappedBit', expect: 'recipientStanzaDamaged:rsa' },
  { file: 'rsa', scheme: RSA, damage: 'wrappedAboveModulus', expect: 'recipientStanzaDamaged:rsa' },
  { file: 'rsa+ec', scheme: EC, damage: 'wrappedBit', expect: 'recipientStanzaDamaged:ec' },
  { file: 'ec', scheme: EC, damage: 'pointBit', expect: 'recipientStanzaDamaged:ec' },
  { file: 'ec+rsa', scheme: EC, damage: 'pointBit', expect: 'recipientStanzaDamaged:ec' },
  // The fingerprint is the stanza's address: changed, the stanza is no longer mine. With another
  // stanza of mine the header MAC catches it; alone it is indistinguishable from "not for you".
  { file: 'ec+rsa', scheme: RSA, damage: 'recipientDigit', expect: 'headerTampered' },
  { file: 'rsa', scheme: RSA, damage: 'recipientDigit', expect: 'notRecipient' },
  { file: 'ec+rsa', scheme: RSA, damage: 'base64Character', expect: 'malformed' },
  { file: 'ec+rsa', scheme: RSA, damage: 'truncated', expect: 'malformed' },
];
const caseFile = (item: Case): string => `${item.file}-${item.scheme === RSA ? 'rsa' : 'ec'}-${item.damage}.alc`;
const EXIT_OF: Readonly<Record<string, number>> = { recipientStanzaDamaged: 5, headerTampered: 5, malformed: 5, notRecipient: 4 };

describe('a damaged recipient stanza: one answer that names the damage, from verify and decrypt, the CLI, the reader and the app, every time (SoftHSM token)', () => {
  let token: SoftHsmToken;
  let folder: CliFolder;
  let rsa: TokenKeyHolder;
  let ec: TokenKeyHolder;
  let trust: SignerTrust;
  let stopCore: () => void;
  const fingerprints = new Map<string, 'rsa' | 'ec'>();

  /** `problem` or `problem:rsa|ec` (the recipient the error names), or the token error's code. */
  const answerOf = (error: unknown): string => {
    if (error instanceof ContainerError) {
      const recipient = error.detail.recipient === undefined ? undefined : fingerprints.get(error.detail.recipient);
      return recipient === undefined ? error.problem : `${error.problem}:${recipient}`;
    }
    return error instanceof DomainError ? error.code : `other:${String(error)}`;
  };
  const read = (file: string, keys: readonly RecipientKey[], sink: 'verify' | 'decrypt') =>
    openContainer({
      path: path.join(folder.dir, file),
      keys,
      trust,
      sink: sink === 'verify' ? { kind: 'discard' } : { kind: 'file', path: path.join(folder.dir, `${file}.out`) },
    }).then(
      () => 'opened',
      (error: unknown) => answerOf(error),
    );

  before(async () => {
    token = await createSoftHsmToken();
    folder = await cliFolder(token);
    const started = await startedTokenCore(token, path.join(folder.dir, 'data'));
    stopCore = () => started.core.stop();
    ({ rsa, ec } = await unlockedKeyHolders(started.core, token));
    fingerprints.set(sha256Hex(rsa.certificateDer), 'rsa').set(sha256Hex(ec.certificateDer), 'ec');
    const crls = new CrlCache(new MemoryCrlStore());
    await importTestCrls(crls, token.pki);
    trust = { anchors: TrustAnchors.load([token.pki.rootPem]), intermediates: [], crls, now: () => new Date() };
    const holders: Readonly<Record<Holders, Uint8Array[]>> = { rsa: [rsa.certificateDer], ec: [ec.certificateDer], 'rsa+ec': [rsa.certificateDer, ec.certificateDer], 'ec+rsa': [ec.certificateDer, rsa.certificateDer] };
    for (const [name, recipients] of Object.entries(holders)) {
      await encryptContainer({
        source: { kind: 'stream', stream: Readable.from([Buffer.from('Công văn số 7: lịch tiếp công dân.\n'.repeat(200))]) },
        output: path.join(folder.dir, `${name}.alc`),
        label: { level: 'unclassified', caveats: [], originator: 'Văn phòng Sở', date: '2026-12-04', declassifyOn: null },
        metadata: { fileName: 'cong-van-7.txt', mediaType: 'text/plain' },
        recipients,
        signer: ec.signer,
        chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))],
      });
    }
    for (const item of CASES) await writeFile(path.join(folder.dir, caseFile(item)), damageStanza(await readFile(path.join(folder.dir, `${item.file}.alc`)), item.scheme, item.damage));
  });
  after(async () => {
    stopCore?.();
    await Promise.all([token?.cleanup(), folder === undefined ? undefined : rm(folder.dir, { recursive: true, force: true })]);
  });

  it('the reader, on the token: every damage gets its one answer whatever the order of my keys, for verify and for decrypt, and decrypt writes nothing', async () => {
    assert.equal(await read('ec+rsa.alc', [rsa, ec], 'verify'), 'opened', 'the undamaged file opens');
    for (const item of CASES) {
      for (const keys of [[rsa, ec], [ec, rsa]]) {
        for (const sink of ['verify', 'decrypt'] as const) {
          assert.equal(await read(caseFile(item), keys, sink), item.expect, `${caseFile(item)}, ${sink}, keys ${keys === undefined ? '' : keys.map((key) => fingerprints.get(sha256Hex(key.certificateDer))).join(',')}`);
        }
      }
      assert.ok(!existsSync(path.join(folder.dir, `${caseFile(item)}.out`)), 'no output file');
    }
  });

  it(`the CLI: verify and decrypt of the damaged RSA stanza answer exit 5 container.recipientStanzaDamaged ${ROUNDS} times of ${ROUNDS}; every other damage its one answer`, async () => {
    const main = caseFile(CASES[0] as Case);
    const seen: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const command of ['verify', 'decrypt'] as const) {
        const result = await folder.run([command, '--in', main, ...(command === 'decrypt' ? ['--out', 'out.txt'] : []), '--json', ...folder.crlArgs]);
        seen.push(`${command} ${result.code} ${String(result.json?.['problem'])}:${fingerprints.get(String(result.json?.['recipient'])) ?? '-'}`);
      }
    }
    const expected = ['verify', 'decrypt'].flatMap((command) => `${command} 5 container.recipientStanzaDamaged:rsa`);
    assert.deepEqual([...new Set(seen)].sort(), expected.sort(), seen.join('\n'));
    assert.ok(!existsSync(path.join(folder.dir, 'out.txt')));

    for (const item of CASES.slice(1)) {
      const [problem = '', holder] = item.expect.split(':');
      for (const command of ['verify', 'decrypt'] as const) {
        const result = await folder.run([command, '--in', caseFile(item), ...(command === 'decrypt' ? ['--out', 'out.txt'] : []), '--json', ...folder.crlArgs]);
        assert.deepEqual([result.code, result.json?.['problem'], fingerprints.get(String(result.json?.['recipient']))], [EXIT_OF[problem], `container.${problem}`, holder], `${command} ${caseFile(item)}: ${result.stderr}`);
      }
    }
  });

  it('the CLI: inspect, which uses no key, sees only the damage to the form (malformed, exit 5), the same every time', async () => {
    for (const item of CASES) {
      const syntax = item.expect === 'malformed';
      for (let round = 0; round < 2; round++) {
        const result = await folder.run(['inspect', '--in', caseFile(item), '--json'], { AIRLOCK_PKCS11_MODULES: '/nonexistent.so' });
        assert.deepEqual([result.code, result.json?.['problem']], syntax ? [5, 'container.malformed'] : [0, undefined], `inspect ${caseFile(item)}: ${result.stderr}`);
      }
    }
  });

  it(`the app, with a fresh token process each time (${ROUNDS}×): the token's keys in one order; the Documents screen and the reader with the session's keys say the same, in words that name the damage`, async () => {
    const main = path.join(folder.dir, caseFile(CASES[0] as Case));
    const seen = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const { core, api } = await startedTokenCore(token, path.join(folder.dir, 'data'));
      try {
        await unlockedKeyHolders(core, token);
        const opened = await api.documents.open({ path: main });
        seen.add(`screen ${opened.ok ? 'opened' : opened.error.code}`);
        // The keys as the app finds them: in whatever order the token lists them.
        const keys = await recipientKeysOfSession(core.services.tokens);
        seen.add(`holders ${keys.map((key) => fingerprints.get(sha256Hex(key.certificateDer))).join(',')}`);
        for (const sink of ['verify', 'decrypt'] as const) seen.add(`reader ${await read(caseFile(CASES[0] as Case), keys, sink)}`);
      } finally {
        core.stop();
      }
    }
    // One order of the token's keys (by key id), so "the first key" — the CLI's signer — is always the same.
    assert.deepEqual([...seen].sort(), ['holders rsa,ec', 'reader recipientStanzaDamaged:rsa', 'screen document.recipientStanzaDamaged']);
    assert.match(translate('en', 'error.document.recipientStanzaDamaged'), /damaged/);
    assert.match(translate('vi', 'error.document.recipientStanzaDamaged'), /hỏng/);
  });

  it('a stanza of mine repeated 1000 times costs one token operation, and the header MAC refuses the file', async () => {
    const bytes = await readFile(path.join(folder.dir, 'rsa.alc'));
    const start = bytes.indexOf('\n-> ') + 1;
    const line = bytes.subarray(start, bytes.indexOf(0x0a, start) + 1);
    await writeFile(path.join(folder.dir, 'repeated.alc'), Buffer.concat([bytes.subarray(0, start), ...new Array<Buffer>(1000).fill(line), bytes.subarray(start)]));
    let calls = 0;
    const counted: RecipientKey = { certificateDer: rsa.certificateDer, operations: { ...rsa.operations, decryptOaep: (data) => (calls++, rsa.operations.decryptOaep(data)) } };
    assert.equal(await read('repeated.alc', [counted, ec], 'verify'), 'headerTampered');
    assert.equal(calls, 1);
  });

  it('a real token failure stays a token error: with the token process killed, the unwrap answers token.*, not damage', async () => {
    const { core } = await startedTokenCore(token, path.join(folder.dir, 'data'));
    try {
      const keys = await unlockedKeyHolders(core, token);
      const pid = core.services.tokens?.processId;
      assert.ok(pid !== undefined);
      process.kill(pid, 'SIGKILL');
      await until(() => core.services.tokens?.processId !== pid, 'the token process to be seen dead');
      for (const file of ['rsa.alc', caseFile(CASES[2] as Case)]) assert.match(await read(file, [keys.rsa], 'verify'), /^token\./, file);
    } finally {
      core.stop();
    }
  });
});
