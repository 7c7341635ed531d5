import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { connect as natsConnect } from '@nats-io/transport-node';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import { loadTrainingProfile, type TrainingProfile } from '../../electron/core/training/training-profile.js';
import { workstationFromEnvironment } from '../../electron/platform/workstation-config.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import { alive, existingNamespaces, processesOf } from '../../tools/training-kit/teardown.js';
import { seriousViolations } from '../support/axe.js';
import { launchApp } from '../support/chromium-shell.js';
import { coreApi } from '../support/core.js';
import { runTool } from '../support/softhsm/run-tool.js';
import { teardownAfterSuite } from '../support/teardown.js';
import { KIT, KIT_CWD, kit, type KitRun } from '../support/training-kit-run.js';

// `npm run training` as a trainee runs it: the real command makes the workstation once for this file
// (tokens, CA, stores, directory, inbox, zones), the app opens on it, `--down` removes all of it.
const asRoot = process.getuid?.() === 0;

const count = (text: string, part: string): number => text.split(part).length - 1;
const PROBE = path.join(KIT_CWD, 'tests/support/training-messaging-probe.ts');


describe('npm run training: the training workstation from real parts, the app on it, and --down (SoftHSM, openssl, namespaces as root, Chromium)', () => {
  let home: string;
  let created: KitRun;
  let profile: TrainingProfile;
  let profileText: string;
  let shell: ChromiumShell | undefined;
  let core: Core | undefined;
  let page: Page;
  let api: AirlockApi;
  let workstation: ReturnType<typeof workstationFromEnvironment> | undefined;
  /** The kit's nats-server, as the state file records it. */
  let messagingServer: number | undefined;
  const teardown = teardownAfterSuite();
  /** As the shell's exit does: the window, the core, the helper's supervisor. */
  const closeApp = async (): Promise<void> => {
    await shell?.close();
    core?.stop();
    workstation?.zones.helper?.stop();
    [shell, core, workstation] = [undefined, undefined, undefined];
  };

  before(async () => {
    home = await teardown.tempDir('airlock-training-e2e-');
    // Whatever happens next, --down removes what the command made (namespaces, processes, folder).
    teardown.defer(() => kit(['--dir', home, '--down']));
    teardown.defer(closeApp);
    created = await kit(['--dir', home, '--no-open', '--no-build']);
    assert.equal(created.code, 0, created.stderr);
    profileText = await readFile(path.join(home, 'training.json'), 'utf8');
    profile = loadTrainingProfile(path.join(home, 'training.json'));
    const state = JSON.parse(await readFile(path.join(home, 'training-state.json'), 'utf8')) as { processes: { pid: number; what: string }[] };
    messagingServer = state.processes.find((entry) => entry.what === 'nats-server')?.pid;
  });

  it('made four tokens with RSA-2048 and P-256 keys on them, certificates in UTF8String Vietnamese, the PINs printed once, the inbox and the zones', async () => {
    assert.equal(profile.officials.length, 4);
    assert.deepEqual(profile.officials.map((official) => official.role), ['official', 'official', 'official', 'cipherOfficer']);
    const env = { SOFTHSM2_CONF: profile.token.softhsmConf };
    const slots = (await runTool('softhsm2-util', ['--show-slots'], env)).stdout;
    for (const official of profile.officials) {
      assert.equal(count(created.stdout, `PIN: ${official.pin}`), 1, `${official.name}'s PIN printed once`);
      assert.ok(created.stdout.includes(official.name));
      assert.ok(slots.includes(official.tokenLabel), official.tokenLabel);
      const objects = (await runTool('pkcs11-tool', ['--module', profile.token.modules[0] ?? '', '--token-label', official.tokenLabel, '--login', '--pin', official.pin, '--list-objects'], env)).stdout;
      assert.ok(objects.includes('Private Key Object; RSA') && objects.includes('RSA 2048 bits'), objects);
      assert.ok(objects.includes('EC_POINT 256 bits') && objects.includes('06082a8648ce3d030107'), 'a P-256 key');
      assert.equal(count(objects, 'Certificate Object'), 2);
    }
    const leaf = (await readdir(path.join(home, 'pki', 'officials'))).find((file) => file.endsWith('-rsa.pem'));
    const parsed = (await runTool('openssl', ['asn1parse', '-in', path.join(home, 'pki', 'officials', leaf ?? '')], {})).stdout;
    assert.match(parsed, /UTF8STRING\s+:Nguyễn Văn An/);
    assert.match(parsed, /UTF8STRING\s+:Văn phòng UBND tỉnh Thừa Thiên Huế/);
    assert.equal((await readdir(profile.inboxDir)).filter((file) => file.endsWith('.alc')).length, 5);
    const namespaces = await existingNamespaces();
    if (asRoot) {
      assert.ok(profile.zones.netns !== undefined && namespaces.includes(profile.zones.netns), 'the workstation namespace exists');
      assert.equal(namespaces.filter((ns) => ns.endsWith(profile.zones.netns?.slice(-6) ?? '?')).length, 4, 'workstation and three zones');
      assert.equal(profile.zones.switching, 'available');
    } else {
      assert.equal(profile.zones.switching, 'notRoot');
    }
  });

  it('the app unlocks with a training token and PIN from the lock screen hint, under the banner, axe clean', async () => {
    workstation = workstationFromEnvironment({ AIRLOCK_TRAINING_PROFILE: path.join(home, 'training.json') }, { dataDir: '/nonexistent-real-workstation', packagedLinux: false });
    assert.equal(workstation.dataDir, profile.dataDir, 'the data folder comes from the profile');
    ({ shell, core } = await launchApp(undefined, { workstation }));
    page = shell.page;
    api = coreApi(core);
    await page.getByRole('heading', { level: 1, name: translate('vi', 'lock.title') }).waitFor();
    assert.ok(await page.getByRole('complementary', { name: translate('vi', 'training.banner.label') }).isVisible());
    const hint = await page.getByRole('region', { name: translate('vi', 'training.hint.title') }).innerText();
    for (const official of profile.officials) assert.ok(hint.includes(official.name) && hint.includes(official.pin) && hint.includes(official.tokenLabel), hint);
    assert.deepEqual(await seriousViolations(page, 'training lock screen'), []);
    // The second official: the store files open for every official, not only the first who unlocked.
    const official = profile.officials[1];
    assert.ok(official !== undefined);
    await page.getByRole('radio', { name: new RegExp(official.tokenLabel) }).check();
    await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(official.pin);
    await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
    assert.equal(core.services.session.state().locked, false);
    assert.deepEqual(await seriousViolations(page, 'training, unlocked'), []);
  });

  it('the directory holds the officials and the inbox opens: text, image and PDF signed by a colleague; the damaged one says so; Mật refused with no zone', async () => {
    const directory = await api.directory.list({});
    assert.ok(directory.ok);
    assert.deepEqual(directory.value.map((entry) => entry.name).sort(), profile.officials.map((official) => official.name).sort());
    // The Documents screen's inbox list is the training inbox, and decrypted files go inside the training folder.
    const inbox = await api.documents.inbox({});
    assert.ok(inbox.ok);
    assert.equal(inbox.value.folder, profile.inboxDir);
    assert.equal(inbox.value.files.length, 5);
    const places = await api.files.places({});
    assert.ok(places.ok && places.value.exports.startsWith(`${home}${path.sep}`), JSON.stringify(places));
    const open = (file: string) => api.documents.open({ path: path.join(profile.inboxDir, file) });
    for (const file of ['Thông báo lịch họp.alc', 'Sơ đồ báo cáo.alc', 'Báo cáo tháng 11.alc']) {
      const opened = await open(file);
      assert.ok(opened.ok, `${file}: ${JSON.stringify(opened)}`);
      assert.equal(opened.value.signer.chain, 'valid');
      assert.ok(profile.officials.some((official) => official.name === opened.value.signer.name));
      await api.documents.close({ viewId: opened.value.viewId });
    }
    const damaged = await open('Tài liệu bị hỏng.alc');
    assert.equal(!damaged.ok && damaged.error.code, 'document.chunkTampered');
    const secret = await open('Công văn Mật.alc');
    assert.equal(!secret.ok && secret.error.code, 'zone.levelTooHigh');
  });

  it(asRoot ? 'switches to the office LAN (Mật opens) and to the Internet (Mật refused, as the policy says)' : 'says why the zones cannot be switched to (not run as root)', async () => {
    const official = profile.officials[1];
    assert.ok(official !== undefined);
    const tokens = await api.token.list({});
    assert.ok(tokens.ok);
    const ref = tokens.value.find((entry) => entry.ref.label === official.tokenLabel)?.ref;
    assert.ok(ref !== undefined);
    if (!asRoot) {
      await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).getByRole('button', { name: translate('vi', 'screen.zones.name'), exact: true }).click();
      await page.getByRole('heading', { level: 2, name: translate('vi', 'training.zones.title') }).waitFor();
      assert.equal(await page.getByRole('button', { name: /Chuyển sang/ }).count(), 0);
      assert.deepEqual(await seriousViolations(page, 'training zones, switching off'), []);
      return;
    }
    const switchAndUnlock = async (zone: string) => {
      const switched = await api.zones.switch({ zone, reason: 'Luyện chuyển vùng mạng', token: { serial: ref.serial, label: ref.label }, pin: official.pin });
      assert.ok(switched.ok, JSON.stringify(switched));
      const unlocked = await api.session.unlock({ token: { serial: ref.serial, label: ref.label }, pin: official.pin });
      assert.ok(unlocked.ok, JSON.stringify(unlocked));
    };
    await switchAndUnlock('van-phong');
    const opened = await api.documents.open({ path: path.join(profile.inboxDir, 'Công văn Mật.alc') });
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.equal(opened.value.label.level, 'mat');
    await api.documents.close({ viewId: opened.value.viewId });
    await switchAndUnlock('internet');
    const refused = await api.documents.open({ path: path.join(profile.inboxDir, 'Công văn Mật.alc') });
    assert.equal(!refused.ok && refused.error.code, 'zone.levelTooHigh');
  });

  it(
    asRoot
      ? 'messaging: the kit’s nats-server runs in the cipher zone’s namespace; an official’s core in the workstation namespace, in the cipher zone, is connected and its inbox shows the practice messages, verified (Hỏa tốc first)'
      : 'messaging: the kit’s nats-server runs on loopback (not root) and speaks TLS with the training CA',
    async () => {
      await closeApp();
      const messaging = profile.messaging;
      assert.ok(messaging !== undefined, 'training.json records the messaging server');
      assert.ok(messagingServer !== undefined && alive(messagingServer), 'the recorded nats-server runs');
      assert.ok((await readFile(`/proc/${messagingServer}/cmdline`, 'utf8')).includes(messaging.configFile));
      assert.ok(created.stdout.includes(messaging.url), created.stdout);
      if (!asRoot) {
        assert.equal(messaging.where, 'loopback');
        assert.match(messaging.url, /^tls:\/\/127\.0\.0\.1:\d+$/);
        // TLS verified against the training root succeeds; the server then refuses a client without an account.
        const refused = await natsConnect({ servers: [messaging.url], tls: { ca: await readFile(profile.trust.anchors, 'utf8') }, reconnect: false, timeout: 5000 }).then(
          async (nc) => {
            await nc.close();
            return 'connected without an account';
          },
          (error: unknown) => String(error),
        );
        assert.match(refused, /Authorization/i);
        return;
      }
      assert.equal(messaging.where, 'cipherZone');
      assert.equal(messaging.url, 'tls://192.0.2.1:4222');
      const cipherNs = (await existingNamespaces()).find((ns) => ns.startsWith('altz0-') && ns.endsWith(profile.zones.netns?.slice(-6) ?? '?'));
      assert.equal((await runTool('ip', ['netns', 'identify', String(messagingServer)], {})).stdout.trim(), cipherNs, 'the server runs in the cipher zone’s namespace');
      // Pre-sealed credentials; the core's own receive loop, reader and sealed store.
      const official = profile.officials[0];
      assert.ok(official !== undefined);
      const probe = spawn('ip', ['netns', 'exec', profile.zones.netns ?? '', process.execPath, '--import', 'tsx', PROBE], { cwd: KIT_CWD, env: { ...process.env, AIRLOCK_TRAINING_PROFILE: path.join(home, 'training.json') }, stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      probe.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      probe.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      probe.stdin.end(JSON.stringify({ tokenLabel: official.tokenLabel, pin: official.pin }));
      const code = await new Promise<number | null>((resolve) => probe.on('exit', resolve));
      assert.equal(code, 0, output);
      const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { statuses: string[]; inbox: { subject: string; sender: string; precedence: string; classification: string; verdict: { trusted: boolean } }[] };
      assert.deepEqual(result.statuses, ['noZone', 'connected'], output);
      // From the next official (Trần Thị Bình), Hỏa tốc first, Mật, verified against the training CA.
      assert.deepEqual(
        result.inbox.map((message) => [message.precedence, message.classification, message.verdict.trusted, message.sender.includes('Trần Thị Bình')]),
        [
          ['hoaToc', 'mat', true, true],
          ['khan', 'mat', true, true],
        ],
        output,
      );
      assert.match(result.inbox[0]?.subject ?? '', /^Hỏa tốc: /);
      assert.match(result.inbox[1]?.subject ?? '', /^Đề nghị xác nhận đã đọc: /);
    },
  );

  it('a second npm run training reuses the idle workstation, unchanged; refuses while its app runs, a half-made one and a folder it did not make', async () => {
    await closeApp();
    const until = Date.now() + 10_000;
    const appProcesses = async () => (await processesOf(home)).filter((pid) => pid !== messagingServer);
    while ((await appProcesses()).length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await appProcesses(), [], 'the in-test app has ended all its processes (the messaging server runs on)');

    // No display and no AIRLOCK_HEADLESS: reused, and it says how to run under Xvfb instead of opening.
    const { DISPLAY: _display, WAYLAND_DISPLAY: _wayland, AIRLOCK_HEADLESS: _headless, ...noDisplay } = process.env;
    const reused = await kit(['--dir', home, '--no-build'], noDisplay);
    assert.equal(reused.code, 0, reused.stderr);
    assert.ok(reused.stdout.includes('Dùng lại'), reused.stdout);
    assert.ok(reused.stdout.includes('xvfb-run -a npm run training') && reused.stdout.includes('No display'), reused.stdout);
    assert.equal(await readFile(path.join(home, 'training.json'), 'utf8'), profileText, 'the same tokens and PINs, nothing remade');
    assert.ok(!profile.officials.some((official) => reused.stdout.includes(official.pin)), 'PINs are not printed again');

    const half = await teardown.tempDir('airlock-training-half-');
    await writeFile(path.join(half, 'training-state.json'), JSON.stringify({ format: 'airlock-training-state/1', status: 'creating', home: half, createdAt: new Date().toISOString(), namespaces: [], processes: [] }));
    const refusedHalf = await kit(['--dir', half, '--no-open', '--no-build']);
    assert.equal(refusedHalf.code, 3);
    assert.ok(refusedHalf.stderr.includes('--down'), refusedHalf.stderr);

    const foreign = await teardown.tempDir('airlock-training-foreign-');
    await mkdir(path.join(foreign, 'mine'));
    for (const args of [['--no-open', '--no-build'], ['--down']]) {
      const refused = await kit(['--dir', foreign, ...args]);
      assert.equal(refused.code, 3, refused.stderr);
      assert.ok(existsSync(path.join(foreign, 'mine')), 'left alone');
    }
  });

  it('opens the app as npm run training does (headless)' + (asRoot ? ', inside the workstation namespace' : '') + '; a second run meanwhile is refused', async () => {
    const env = { ...process.env, AIRLOCK_HEADLESS: '1' };
    const child = spawn(process.execPath, ['--import', 'tsx', KIT, '--dir', home, '--no-build'], { cwd: KIT_CWD, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const until = Date.now() + 60_000;
      while (!output.includes('is running') && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(output.includes('is running'), output);
      const state = JSON.parse(await readFile(path.join(home, 'training-state.json'), 'utf8')) as { processes: { pid: number; what: string }[] };
      const app = state.processes.find((entry) => entry.what !== 'nats-server')?.pid;
      assert.ok(app !== undefined, 'the app process is recorded');
      if (asRoot) assert.equal((await runTool('ip', ['netns', 'identify', String(app)], {})).stdout.trim(), profile.zones.netns);
      const environ = (await readFile(`/proc/${app}/environ`)).toString('utf8').split('\0');
      assert.ok(environ.includes(`AIRLOCK_TRAINING_PROFILE=${path.join(home, 'training.json')}`));
      const second = await kit(['--dir', home, '--no-open', '--no-build']);
      assert.equal(second.code, 3);
      assert.ok(second.stderr.includes(String(app)), second.stderr);
    } finally {
      // Left running on purpose: --down (next test) must end it.
      void exited;
    }
  });

  it('--down removes every namespace, process and file it made (tokens included), and nothing else', async () => {
    // A shell that merely stands in the folder is not the workstation's: --down leaves it alone.
    const bystander = teardown.process(spawn('sleep', ['120'], { cwd: profile.inboxDir, env: { ...process.env, PWD: profile.inboxDir }, stdio: 'ignore' }));
    const namespaces = (await existingNamespaces()).filter((ns) => ns.startsWith('alt') && ns.endsWith(profile.zones.netns?.slice(-6) ?? '?'));
    assert.equal(namespaces.length, asRoot ? 4 : 0);
    assert.ok((await processesOf(home)).length > 0, 'the app of the previous test is still running');
    const down = await kit(['--dir', home, '--down']);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(existsSync(home), false, 'the folder is gone: tokens, CA, data, inbox');
    assert.deepEqual(await processesOf(home), []);
    assert.ok(messagingServer !== undefined && !alive(messagingServer), 'the messaging server has ended');
    const left = new Set(await existingNamespaces());
    assert.deepEqual(namespaces.filter((ns) => left.has(ns)), []);
    assert.equal(bystander.exitCode, null, 'the bystander still runs');
    assert.equal(bystander.signalCode, null);
  });

  it('a run killed half-way is refused, and --down removes what it had made (from its state file)', async () => {
    const crashed = await teardown.tempDir('airlock-training-crash-');
    teardown.defer(() => kit(['--dir', crashed, '--down']));
    const child = spawn(process.execPath, ['--import', 'tsx', KIT, '--dir', crashed, '--no-open', '--no-build'], { cwd: KIT_CWD, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed once it has written something down: its first namespace as root, else its tokens being made.
    const stateFile = path.join(crashed, 'training-state.json');
    const until = Date.now() + 60_000;
    const madeSomething = async (): Promise<boolean> => {
      if (!existsSync(stateFile)) return false;
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { namespaces: string[] };
      return asRoot ? state.namespaces.length > 0 : existsSync(path.join(crashed, 'softhsm', 'tokens'));
    };
    while (!(await madeSomething()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await exited;
    const recorded = (JSON.parse(await readFile(stateFile, 'utf8')) as { status: string; namespaces: string[] });
    assert.equal(recorded.status, 'creating');
    const again = await kit(['--dir', crashed, '--no-open', '--no-build']);
    assert.equal(again.code, 3, 'never reused, never made over');
    const down = await kit(['--dir', crashed, '--down']);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(existsSync(crashed), false);
    const left = new Set(await existingNamespaces());
    assert.deepEqual(recorded.namespaces.filter((ns) => left.has(ns)), []);
    assert.deepEqual(await processesOf(crashed), []);
  });
});
