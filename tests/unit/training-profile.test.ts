import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCore } from '../../electron/core/core.js';
import { loadTrainingProfile, TRAINING_PROFILE_FORMAT, TrainingProfileError, type TrainingProfile } from '../../electron/core/training/training-profile.js';
import { workstationFromEnvironment } from '../../electron/platform/workstation-config.js';
import { recordingLog, TEST_ORIGIN, testCore, TRUSTED } from '../support/core.js';

const profile = (dir: string): TrainingProfile => ({
  format: TRAINING_PROFILE_FORMAT,
  name: 'Máy trạm tập huấn',
  home: dir,
  dataDir: path.join(dir, 'data'),
  inboxDir: path.join(dir, 'inbox'),
  trust: { anchors: path.join(dir, 'pki', 'root.pem'), intermediates: path.join(dir, 'pki', 'issuing.pem') },
  token: { modules: ['/usr/lib/softhsm/libsofthsm2.so'], softhsmConf: path.join(dir, 'softhsm2.conf') },
  zones: { policy: path.join(dir, 'zones', 'zones.policy.json'), switching: 'notRoot' },
  officials: [
    { name: 'Nguyễn Văn An', organisation: 'Văn phòng UBND tỉnh Thừa Thiên Huế', role: 'official', tokenLabel: 'Tap huan An', pin: '246810' },
    { name: 'Lê Thị Hoa', organisation: 'Văn phòng UBND tỉnh Thừa Thiên Huế', role: 'cipherOfficer', tokenLabel: 'Tap huan Hoa', pin: '135791' },
  ],
});

describe('training.json: read and checked before anything uses it', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-training-profile-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const written = async (name: string, content: unknown): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('reads a valid profile as written', async () => {
    assert.deepEqual(loadTrainingProfile(await written('ok.json', profile(dir))), profile(dir));
  });

  it('refuses a missing file, a file that is not JSON, another format, a relative path, an unknown field and an unknown role, naming the problem', async () => {
    const cases: [string, string, RegExp][] = [
      [path.join(dir, 'missing.json'), 'missing', /ENOENT/],
      [await written('text.json', 'not json'), 'text', /not JSON/],
      [await written('format.json', { ...profile(dir), format: 'airlock-training-profile/2' }), 'format', /format/],
      [await written('relative.json', { ...profile(dir), dataDir: 'data' }), 'relative', /dataDir: must be an absolute path/],
      [await written('extra.json', { ...profile(dir), realDataDir: '/var/lib/airlock' }), 'extra', /realDataDir/],
      [await written('role.json', { ...profile(dir), officials: [{ ...profile(dir).officials[0], role: 'admin' }] }), 'role', /officials\.0\.role/],
    ];
    for (const [file, what, problem] of cases) {
      assert.throws(
        () => loadTrainingProfile(file),
        (error: unknown) => error instanceof TrainingProfileError && problem.test(error.message) && error.message.includes('Hồ sơ tập huấn') && error.message.includes('training profile'),
        what,
      );
    }
  });
});

describe('training.status: the core says whether it is a training workstation, also while locked', () => {
  it('a real workstation answers { active: false }', async () => {
    const core = testCore();
    assert.deepEqual(await core.dispatcher.dispatch('training.status', {}, TRUSTED), { ok: true, value: { active: false } });
  });

  it('a training workstation names itself, its officials with token and PIN, and its inbox — on the lock screen too', async () => {
    const dir = '/var/tmp/airlock-training-x';
    const core = createCore({ shell: 'chromium', version: '0', platform: 'linux', appOrigin: TEST_ORIGIN, log: recordingLog(), training: profile(dir) });
    await core.dispatcher.dispatch('session.lock', {}, TRUSTED);
    assert.equal(core.services.session.state().locked, true);
    assert.deepEqual(await core.dispatcher.dispatch('training.status', {}, TRUSTED), {
      ok: true,
      value: { active: true, name: 'Máy trạm tập huấn', officials: profile(dir).officials, inboxDir: path.join(dir, 'inbox'), zoneSwitching: 'notRoot' },
    });
  });
});

describe('a shell given a training profile takes its folder, roots, tokens and zones from it, none from the usual variables', () => {
  it('ignores AIRLOCK_DATA_DIR, AIRLOCK_TRUST_*, AIRLOCK_PKCS11_MODULES and AIRLOCK_ZONE_* when AIRLOCK_TRAINING_PROFILE is set', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'airlock-training-config-'));
    try {
      const training = profile(dir);
      await mkdir(path.join(dir, 'pki'));
      await writeFile(training.trust.anchors, 'TRAINING ROOT');
      await writeFile(training.trust.intermediates, 'TRAINING ISSUING');
      await writeFile(path.join(dir, 'real-roots.pem'), 'REAL ROOT');
      const file = path.join(dir, 'training.json');
      await writeFile(file, JSON.stringify(training));
      const real = {
        AIRLOCK_DATA_DIR: '/var/lib/airlock-real',
        AIRLOCK_TRUST_ANCHORS: path.join(dir, 'real-roots.pem'),
        AIRLOCK_TRUST_INTERMEDIATES: path.join(dir, 'real-roots.pem'),
        AIRLOCK_PKCS11_MODULES: '/usr/lib/real-token.so',
        AIRLOCK_ZONE_POLICY: '/etc/airlock/zones.policy.json',
        AIRLOCK_ZONE_HELPER: '["/bin/false"]',
        AIRLOCK_INBOX_DIR: '/home/user/Documents/Airlock/Inbox',
        AIRLOCK_OUTPUT_DIR: '/home/user/Documents/Airlock',
      };
      const config = workstationFromEnvironment({ ...real, AIRLOCK_TRAINING_PROFILE: file }, { dataDir: '/home/user/.local/share/airlock', packagedLinux: true });
      assert.deepEqual(
        { dataDir: config.dataDir, trust: config.trust, modulePaths: config.modulePaths, tokenEnv: config.tokenEnv, policy: config.zones.policyPath, helper: config.zones.helper },
        { dataDir: training.dataDir, trust: { anchors: ['TRAINING ROOT'], intermediates: ['TRAINING ISSUING'] }, modulePaths: training.token.modules, tokenEnv: { SOFTHSM2_CONF: training.token.softhsmConf }, policy: training.zones.policy, helper: undefined },
      );
      assert.deepEqual(config.training, training);
      assert.deepEqual(config.documentFolders, { inbox: training.inboxDir, exports: path.join(dir, 'decrypted') });
      // Without the profile the same variables are used, as before.
      const plain = workstationFromEnvironment({ ...real, AIRLOCK_ZONE_HELPER: '' }, { dataDir: '/home/user/.local/share/airlock', packagedLinux: false });
      assert.deepEqual([plain.dataDir, plain.trust.anchors, plain.training], ['/home/user/.local/share/airlock', ['REAL ROOT'], undefined]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

