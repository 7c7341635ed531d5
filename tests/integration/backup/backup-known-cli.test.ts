// `airlock backup … --known FILE` and `airlock backup keys accept` (electron/cli/cli-known-keys.ts,
// docs/backup-repository.md "The command line's memory: --known") as a cipher officer runs them: the
// real command (through tsx), the SoftHSM token through the token process, the test PKI's roots in the
// environment and its CRLs as --crl, a zone policy signed with openssl, a real repository folder. A key
// generation is planted by someone who kept a key — the recovery key, a SOFTWARE stand-in (no token
// can hold it here) — with no signed record.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { KnownFile } from '../../../electron/cli/cli-known-keys.js';
import { plantGeneration, usbCliPlace, type CliPlace } from '../../support/backup/cli-place.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { teardownAfterSuite } from '../../support/teardown.js';

describe('airlock backup --known FILE: a planted key generation refused (exit 12) until keys accept, a signed re-key followed, a damaged file refused (exit 14) and kept (real token, signed policy, test PKI)', () => {
  const teardown = teardownAfterSuite();
  let place: CliPlace;
  let source: string;
  let known: string;

  const common = () => ['--policy', place.policyPath, '--zone', 'van-phong', '--target', 'usb', '--folder', place.usb, ...place.cli.crlArgs, '--json'];
  let cli: CliPlace['cli'];
  let usb: string;
  let token: CliPlace['token'];
  const withKnown = (file = known) => [...common(), '--known', file];
  const remembered = async (file = known) => KnownFile.parse(JSON.parse(await readFile(file, 'utf8')));
  const snapshotFiles = async () => (await readdir(path.join(usb, 'snapshots')).catch(() => [])).length;
  const keyStates = async () => (await readdir(path.join(usb, 'keystate'))).sort();

  before(async () => {
    place = await usbCliPlace(teardown);
    ({ cli, usb, token } = place);
    source = path.join(cli.dir, 'Hồ sơ');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, 'Tờ trình.txt'), 'Tờ trình số 7.');
    known = path.join(cli.dir, 'officer', 'known-keys.json');
    await mkdir(path.dirname(known));
  });

  it('init writes the file; a run without --known says it trusted on first sight and kept nothing; a signed re-key is followed and remembered', async () => {
    const init = await cli.run(['backup', 'init', ...withKnown()]);
    assert.equal(init.code, 0, init.stderr);
    assert.equal(init.json?.['keyMemory'], known);
    const [first] = (await remembered()).places;
    assert.deepEqual([first?.target, first?.folder, first?.repository.id, first?.repository.generation], ['usb', usb, init.json?.['repository'], 1]);
    assert.deepEqual(await keyStates(), [first?.repository.keyState], 'the file names the init’s signed record');

    // Another run with no memory: trusted as found, said so, nothing written anywhere for it. It re-keys (signed on the token).
    const forgetful = await cli.run(['backup', 'keys', 'rekey', ...common()]);
    assert.equal(forgetful.code, 0, forgetful.stderr);
    assert.equal(forgetful.json?.['keyMemory'], 'none');
    assert.equal((forgetful.json?.['keyGeneration'] as { outcome: string }).outcome, 'firstSight');
    assert.match(String(forgetful.json?.['keyWarning']), /^Không có --known: khoá thế hệ 1 .* \/ No --known: key generation 1 at the place was trusted on first sight/);
    assert.equal(forgetful.json?.['generation'], 2);

    const followed = await cli.run(['backup', 'list', ...withKnown()]);
    assert.equal(followed.code, 0, followed.stderr);
    const userFingerprint = createHash('sha256').update(pemToDer(token.pki.rsaLeafPem)).digest('hex');
    const ecFingerprint = createHash('sha256').update(pemToDer(token.pki.ecLeafPem)).digest('hex');
    const generation = followed.json?.['keyGeneration'] as { outcome: string; generation: number; signer: string };
    assert.deepEqual([generation.outcome, generation.generation], ['signedRecord', 2]);
    assert.ok([userFingerprint, ecFingerprint].includes(generation.signer), 'signed on this token');
    assert.equal(followed.json?.['keyWarning'], undefined);
    const [after] = (await remembered()).places;
    assert.equal(after?.repository.generation, 2);
    assert.notEqual(after?.repository.keyState, first?.repository.keyState);
    assert.ok((await keyStates()).includes(after?.repository.keyState ?? ''), 'the re-key’s record');

    const again = await cli.run(['backup', 'list', ...withKnown()]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json?.['keyGeneration'], undefined, 'nothing new to accept');
  });

  it('a planted unsigned generation is refused with --known (exit 12, nothing written); keys accept of another generation is refused; of the one named it is remembered and the run goes through', async () => {
    const before = await readFile(known);
    const snapshots = await snapshotFiles();
    assert.equal(await plantGeneration(usb, place.recovery), 3);

    const refused = await cli.run(['backup', 'run', ...withKnown(), '--source', source]);
    assert.equal(refused.code, 12, refused.stderr);
    assert.equal(refused.json?.['problem'], 'backup.keyGenerationChanged');
    assert.deepEqual(refused.json?.['keyGeneration'], { generation: 3, reason: 'unsigned' });
    assert.match(String(refused.json?.['message']), /thế hệ 3 \(không ai ký.*keys accept --known FILE --generation 3/);
    assert.equal(await snapshotFiles(), snapshots, 'no backup made');
    assert.deepEqual(await readFile(known), before, 'the file is not changed by a refusal');

    const wrong = await cli.run(['backup', 'keys', 'accept', ...withKnown(), '--generation', '4']);
    assert.equal(wrong.code, 12, wrong.stderr);
    assert.equal(wrong.json?.['problem'], 'backup.keyGenerationNotConfirmed');
    assert.deepEqual(await readFile(known), before);

    const accepted = await cli.run(['backup', 'keys', 'accept', ...withKnown(), '--generation', '3']);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.deepEqual([accepted.json?.['accepted'], accepted.json?.['generation'], accepted.json?.['keyGeneration']], [true, 3, { outcome: 'acceptedByOfficer', generation: 3 }]);
    const [entry] = (await remembered()).places;
    assert.deepEqual([entry?.repository.generation, entry?.repository.keyState], [3, undefined], 'remembered without a record: none vouches for it');

    const ran = await cli.run(['backup', 'run', ...withKnown(), '--source', source]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.json?.['snapshots'], 1);
    assert.equal(await snapshotFiles(), snapshots + 1);
  });

  it('a damaged or foreign --known file stops the run (exit 14) with its reason, and is left as it was; keys accept needs --known and --generation (exit 2)', async () => {
    const cases: [string, string, RegExp][] = [
      ['truncated.json', (await readFile(known, 'utf8')).slice(0, 40), /not JSON/],
      ['foreign.json', JSON.stringify({ format: 'something-else/1', places: [] }), /not airlock-backup-known\/1: format/],
      ['twice.json', JSON.stringify({ ...(await remembered()), places: [...(await remembered()).places, ...(await remembered()).places] }), /a place named twice/],
    ];
    for (const [name, content, reason] of cases) {
      const file = path.join(cli.dir, 'officer', name);
      await writeFile(file, content);
      const damaged = await cli.run(['backup', 'run', ...withKnown(file), '--source', source]);
      assert.equal(damaged.code, 14, `${name}: ${damaged.stderr}`);
      assert.equal(damaged.json?.['problem'], 'backup.knownFileDamaged');
      assert.match(String(damaged.json?.['reason']), reason);
      assert.match(String(damaged.json?.['message']), /^Tệp --known .* bị hỏng .* \/ The --known file .* is damaged/);
      assert.equal(await readFile(file, 'utf8'), content, `${name} kept as it was`);
    }
    assert.deepEqual(await readdir(path.join(cli.dir, 'officer')), ['foreign.json', 'known-keys.json', 'truncated.json', 'twice.json'], 'no temporary file left');

    for (const words of [['--generation', '3'], ['--known', known], ['--known', known, '--generation', '0']]) {
      const usage = await cli.run(['backup', 'keys', 'accept', ...common(), ...words]);
      assert.equal(usage.code, 2, `${words.join(' ')}: ${usage.stderr}`);
    }
  });
});
