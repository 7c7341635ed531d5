// `airlock backup … --known FILE` and `airlock backup keys accept` (electron/cli/cli-known-keys.ts,
// docs/backup-repository.md "The command line's memory: --known") as a cipher officer runs them: the
// real command (through tsx), the SoftHSM token through the token process, the test PKI's roots in the
// environment and its CRLs as --crl, a zone policy signed with openssl, a real repository folder. A key
// generation is planted by someone who kept a key — the recovery key, a SOFTWARE stand-in (no token
// can hold it here) — with no signed record.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { KNOWN_REQUIRED } from '../../../electron/cli/cli-backup.js';
import { KnownFile } from '../../../electron/cli/cli-known-keys.js';
import { plantGeneration, usbCliPlace, type CliPlace } from '../../support/backup/cli-place.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { teardownAfterSuite } from '../../support/teardown.js';

describe('airlock backup --known FILE: required by every command (exit 2), a mistyped file or folder refused (exit 14) and nothing made, a new memory only by --new-known, a planted key generation refused (exit 12) until keys accept, a signed re-key followed, a damaged file refused (exit 14) and kept (real token, signed policy, test PKI)', () => {
  const teardown = teardownAfterSuite();
  let place: CliPlace;
  let source: string;
  let known: string;

  const common = () => ['--policy', place.policyPath, '--zone', 'van-phong', '--target', 'usb', '--folder', place.usb, ...place.cli.crlArgs, '--json'];
  let cli: CliPlace['cli'];
  let usb: string;
  let token: CliPlace['token'];
  const withKnown = (file = known) => [...common(), '--known', file];
  const withNewKnown = (file: string) => [...common(), '--new-known', file];
  const remembered = async (file = known) => KnownFile.parse(JSON.parse(await readFile(file, 'utf8')));
  const snapshotFiles = async () => (await readdir(path.join(usb, 'snapshots')).catch(() => [])).length;
  const keyStates = async () => (await readdir(path.join(usb, 'keystate'))).sort();

  before(async () => {
    place = await usbCliPlace(teardown);
    ({ cli, usb, token, known } = place);
    source = path.join(cli.dir, 'Hồ sơ');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, 'Tờ trình.txt'), 'Tờ trình số 7.');
  });

  it('every command that opens the place’s keys needs --known: exit 2 with the reason in Vietnamese and English, nothing made at the place', async () => {
    const holder = path.join(cli.dir, 'colleague.pem');
    const commands = [['init'], ['run', '--source', source], ['list'], ['restore', '--snapshot', 'latest', '--to', cli.dir], ['check'], ['drill', 'latest'], ['forget', '--keep-last', '1'], ['prune', '--keep-last', '1'], ['keys', 'list'], ['keys', 'add', holder], ['keys', 'remove', 'a'.repeat(64)], ['keys', 'rekey'], ['keys', 'accept', '--generation', '2']];
    for (const command of commands) {
      const refused = await cli.run(['backup', ...command, ...common()]);
      assert.equal(refused.code, 2, `${command.join(' ')}: ${refused.stderr}`);
      // A usage error comes before --json is read: the reason on stderr, then the backup usage.
      assert.ok(refused.stderr.startsWith(`airlock: ${JSON.stringify({ problem: 'usage', message: KNOWN_REQUIRED })}\nairlock backup <init|`), `${command.join(' ')}: ${refused.stderr}`);
    }
    assert.match(KNOWN_REQUIRED, /^backup cần --known TỆP: .*lần đầu, tạo trí nhớ mới bằng --new-known TỆP\. \/ backup needs --known FILE: your memory of each place's keys, .*the first time, start a new memory with --new-known FILE\.$/);
    const both = await cli.run(['backup', 'list', ...withKnown(), '--new-known', known]);
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /--known FILE \(a memory you have\) or --new-known FILE \(a new one\), not both/);
    await assert.rejects(stat(usb), { code: 'ENOENT' }, 'no repository made');
    await assert.rejects(stat(known), { code: 'ENOENT' });
  });

  it('a --known file that does not exist is refused before anything is opened (exit 14, knownFileMissing, vi/en): no repository made by init, no file, no folder', async () => {
    const mistyped = path.join(path.dirname(known), 'known-keys.jsn');
    const init = await cli.run(['backup', 'init', ...withKnown(mistyped)]);
    assert.equal(init.code, 14, init.stderr);
    assert.deepEqual([init.json?.['problem'], init.json?.['file'], init.json?.['reason']], ['backup.knownFileMissing', mistyped, 'no such file']);
    assert.equal(init.json?.['message'], `Không có tệp --known ${mistyped}; không làm gì. Nếu gõ nhầm đường dẫn, hãy sửa lại; nếu đây là trí nhớ mới của bạn, dùng --new-known ${mistyped}. / There is no --known file ${mistyped}; nothing was done. If the path is mistyped, correct it; if this is your new memory, use --new-known ${mistyped}.`);
    await assert.rejects(stat(usb), { code: 'ENOENT' }, 'no repository made');
    assert.deepEqual(await readdir(path.dirname(known)), [], 'no file made');
  });

  it('init --new-known makes the memory (0600) with the repository it made; then a mistyped file or folder at a place with a repository is refused (exit 14) and nothing is made, and --new-known never makes a folder nor replaces a file', async () => {
    const made = await cli.run(['backup', 'init', ...withNewKnown(known)]);
    assert.equal(made.code, 0, made.stderr);
    assert.equal(made.json?.['keyMemory'], known);
    assert.equal(made.json?.['keyGeneration'], undefined, 'made here, not found: nothing trusted on sight');
    assert.equal((await stat(known)).mode & 0o777, 0o600);
    const memory = await readFile(known);
    const [first] = (await remembered()).places;
    assert.deepEqual([first?.target, first?.folder, first?.repository.id, first?.repository.generation], ['usb', usb, made.json?.['repository'], 1]);
    assert.deepEqual(await keyStates(), [first?.repository.keyState], 'the file names the init’s signed record');

    const mistypedFile = path.join(path.dirname(known), 'known_keys.json');
    const file = await cli.run(['backup', 'run', ...withKnown(mistypedFile), '--source', source]);
    assert.equal(file.code, 14, file.stderr);
    assert.deepEqual([file.json?.['problem'], file.json?.['reason']], ['backup.knownFileMissing', 'no such file']);
    const mistypedFolder = path.join(cli.dir, 'offcer', 'known-keys.json');
    for (const words of [withKnown(mistypedFolder), withNewKnown(mistypedFolder)]) {
      const folder = await cli.run(['backup', 'run', ...words, '--source', source]);
      assert.equal(folder.code, 14, folder.stderr);
      assert.deepEqual([folder.json?.['problem'], folder.json?.['reason']], ['backup.knownFileMissing', 'no such folder']);
      assert.match(String(folder.json?.['message']), /^Không có thư mục .*offcer của tệp --known .*; không làm gì, không tạo thư mục nào\. .* \/ The folder .*offcer of the --known file .* does not exist; nothing was done and no folder was made\. Check the path\.$/);
    }
    await assert.rejects(stat(path.dirname(mistypedFolder)), { code: 'ENOENT' }, 'no folder made');
    const again = await cli.run(['backup', 'list', ...withNewKnown(known)]);
    assert.equal(again.code, 14, again.stderr);
    assert.deepEqual([again.json?.['problem'], again.json?.['reason']], ['backup.knownFileExists', 'exists']);
    assert.match(String(again.json?.['message']), /--new-known chỉ tạo tệp mới; .* Dùng --known .* \/ .* already exists: --new-known only makes a new file; nothing was done and the file is unchanged\. Use --known /);
    assert.deepEqual(await readFile(known), memory, 'the memory is not replaced');
    assert.deepEqual(await readdir(path.dirname(known)), ['known-keys.json'], 'nothing else made');
    assert.equal(await snapshotFiles(), 0, 'no backup made');
    assert.deepEqual(await keyStates(), [first?.repository.keyState], 'the place unchanged');
  });

  it('another officer’s new memory (--new-known, in a folder of theirs) is a first sight, its audit event reported, and made; a signed re-key is followed and remembered', async () => {
    const [first] = (await remembered()).places;
    // A second officer, new to the place, starts a memory of their own: a first sight, remembered there. They re-key (signed on the token).
    const other = path.join(cli.dir, 'officer-2', 'known-keys.json');
    await mkdir(path.dirname(other), { mode: 0o700 });
    const second = await cli.run(['backup', 'keys', 'rekey', ...withNewKnown(other)]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.json?.['keyMemory'], other);
    // keyGeneration is taken from the run's backup.keyGenerationAccepted audit event (cli-backup.ts keyGenerationEvents).
    const sight = second.json?.['keyGeneration'] as { outcome: string; generation: number; signer: string };
    assert.deepEqual([sight.outcome, sight.generation], ['firstSight', 1]);
    assert.match(sight.signer, /^[0-9a-f]{64}$/, 'the init’s record names its signer');
    assert.equal(second.json?.['generation'], 2);
    assert.equal((await remembered(other)).places[0]?.repository.generation, 2, 'their own re-key remembered in their file');
    assert.equal((await stat(other)).mode & 0o777, 0o600);

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

  it('a place an existing --known file has no entry for is refused (exit 12, placeNotRemembered, vi/en naming the place and the file): a look-alike repository is not read, a mistyped folder gets no repository, the file is byte-identical; keys accept --generation adds it (firstSight); init of a new repository at a new place records it', async () => {
    const at = (folder: string) => ['--policy', place.policyPath, '--zone', 'van-phong', '--target', 'usb', '--folder', folder, ...place.cli.crlArgs, '--json'];
    // A look-alike place: a repository someone else made (their own new memory, their first sight), one letter away.
    const lookAlike = path.join(cli.dir, 'usb', 'backup5');
    const theirs = path.join(cli.dir, 'officer-3', 'known-keys.json');
    await mkdir(path.dirname(theirs), { mode: 0o700 });
    const made = await cli.run(['backup', 'init', ...at(lookAlike), '--new-known', theirs]);
    assert.equal(made.code, 0, made.stderr);
    const before = await readFile(known);
    const snapshotsAt = async (folder: string) => (await readdir(path.join(folder, 'snapshots')).catch(() => [])).length;

    const refused = await cli.run(['backup', 'run', ...at(lookAlike), '--known', known, '--source', source]);
    assert.equal(refused.code, 12, refused.stderr);
    assert.equal(refused.json?.['problem'], 'backup.placeNotRemembered');
    assert.deepEqual(refused.json?.['placeNotRemembered'], { generation: 1 });
    assert.equal(
      refused.json?.['message'],
      `Tệp --known ${known} chưa ghi nhớ nơi cất usb (${lookAlike}); không đọc, không ghi gì. Nếu gõ nhầm nơi cất, hãy sửa lại; chỉ khi bạn đã kiểm tra nơi cất này (khoá thế hệ 1): airlock backup keys accept --known ${known} --generation 1. / The --known file ${known} does not remember the place usb (${lookAlike}); nothing was read or written. If the place is mistyped, correct it; only when you have checked this place (key generation 1): airlock backup keys accept --known ${known} --generation 1.`,
    );
    assert.equal(await snapshotsAt(lookAlike), 0, 'nothing backed up');
    assert.deepEqual(await readFile(known), before, 'the memory is byte-identical');

    const typo = path.join(cli.dir, 'usb', 'bakcups');
    const mistyped = await cli.run(['backup', 'run', ...at(typo), '--known', known, '--source', source]);
    assert.equal(mistyped.code, 12, mistyped.stderr);
    assert.equal(mistyped.json?.['problem'], 'backup.placeNotRemembered');
    assert.deepEqual(mistyped.json?.['placeNotRemembered'], {});
    assert.equal(
      mistyped.json?.['message'],
      `Tệp --known ${known} chưa ghi nhớ nơi cất usb (${typo}) và ở đó không có kho sao lưu; không làm gì. Nếu gõ nhầm nơi cất, hãy sửa lại; nếu muốn tạo kho mới ở đó: airlock backup init --known ${known}. / The --known file ${known} does not remember the place usb (${typo}) and there is no repository there; nothing was done. If the place is mistyped, correct it; to make a new repository there: airlock backup init --known ${known}.`,
    );
    await assert.rejects(stat(typo), { code: 'ENOENT' }, 'no repository made at a mistyped folder');
    assert.deepEqual(await readFile(known), before);

    const wrong = await cli.run(['backup', 'keys', 'accept', ...at(lookAlike), '--known', known, '--generation', '2']);
    assert.equal(wrong.code, 12, wrong.stderr);
    assert.equal(wrong.json?.['problem'], 'backup.keyGenerationNotConfirmed');
    assert.deepEqual(await readFile(known), before);

    const accepted = await cli.run(['backup', 'keys', 'accept', ...at(lookAlike), '--known', known, '--generation', '1']);
    assert.equal(accepted.code, 0, accepted.stderr);
    // keyGeneration is the run's backup.keyGenerationAccepted audit event: the officer's first sight, with its generation.
    const sight = accepted.json?.['keyGeneration'] as { outcome: string; generation: number };
    assert.deepEqual([accepted.json?.['accepted'], sight.outcome, sight.generation], [true, 'firstSight', 1]);
    const places = (await remembered()).places;
    assert.deepEqual(places.map((item) => item.folder), [usb, lookAlike], 'the old place kept, the accepted one added');
    assert.equal(places[1]?.repository.id, made.json?.['repository']);
    const ran = await cli.run(['backup', 'run', ...at(lookAlike), '--known', known, '--source', source]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(await snapshotsAt(lookAlike), 1);

    const fresh = path.join(cli.dir, 'usb-2', 'backups');
    const initialised = await cli.run(['backup', 'init', ...at(fresh), '--known', known]);
    assert.equal(initialised.code, 0, initialised.stderr);
    assert.equal(initialised.json?.['created'], true);
    assert.equal(initialised.json?.['keyGeneration'], undefined, 'made here, not found: nothing trusted on sight');
    const after = (await remembered()).places;
    assert.deepEqual(after.map((item) => item.folder), [usb, lookAlike, fresh]);
    assert.deepEqual([after[2]?.repository.id, after[2]?.repository.generation], [initialised.json?.['repository'], 1]);
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
