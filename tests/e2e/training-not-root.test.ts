import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chown } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Language } from '../../shared/domain/language.js';
import type { Core } from '../../electron/core/core.js';
import { workstationFromEnvironment } from '../../electron/platform/workstation-config.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { seriousViolations } from '../support/axe.js';
import { launchApp } from '../support/chromium-shell.js';
import { teardownAfterSuite } from '../support/teardown.js';

// `npm run training` by a user who is not root: no namespaces, no helper; the zones are shown and
// the Zones screen says exactly why switching is off. As root, the command runs as `nobody` (setpriv).
const root = path.resolve(import.meta.dirname, '../..');
const KIT = path.join(root, 'tools/training-kit/main.ts');
const NOBODY = 65534;

function kitAsUser(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, '--import', 'tsx', KIT, ...args];
  const argv = process.getuid?.() === 0 ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...command] : command;
  return new Promise((resolve, reject) => {
    const [file, ...rest] = argv as [string, ...string[]];
    const child = spawn(file, rest, { cwd: root, env: { ...process.env, HOME: tmpdir() } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run training without root: zones shown, switching off, and the screen says why (real command, Chromium)', () => {
  const teardown = teardownAfterSuite();
  let home: string;
  let core: Core | undefined;
  let workstation: ReturnType<typeof workstationFromEnvironment> | undefined;
  let page: Page;

  before(async () => {
    // Removed by this (root) process at the end: the files the in-test app wrote are root's.
    const parent = await teardown.tempDir('airlock-training-user-');
    if (process.getuid?.() === 0) await chown(parent, NOBODY, NOBODY);
    home = path.join(parent, 'training');
    // The kit's messaging server outlives the command: --down ends it (and whatever else it left).
    teardown.defer(() => kitAsUser(['--dir', home, '--down']));
    const made = await kitAsUser(['--dir', home, '--no-open', '--no-build']);
    assert.equal(made.code, 0, made.output);
    assert.ok(made.output.includes('không chạy với quyền root'), made.output);
    assert.match(made.output, /máy chủ tls:\/\/127\.0\.0\.1:\d+ trên loopback/, 'says where the messaging server runs');
    workstation = workstationFromEnvironment({ AIRLOCK_TRAINING_PROFILE: path.join(home, 'training.json') }, { dataDir: '/nonexistent-real-workstation', packagedLinux: false });
    let shell: ChromiumShell;
    ({ shell, core } = await teardown.adopt(launchApp(undefined, { workstation }), (app) => app.close()));
    page = shell.page;
  });

  it('has no helper and no namespace in its profile', () => {
    assert.equal(workstation?.training?.zones.switching, 'notRoot');
    assert.equal(workstation?.training?.zones.helper, undefined);
    assert.equal(workstation?.zones.helper, undefined);
  });

  for (const language of ['vi', 'en'] as const satisfies readonly Language[]) {
    it(`the Zones screen (${language}) lists the three zones, offers no switch and says why, axe clean`, async () => {
      const official = workstation?.training?.officials[0];
      assert.ok(official !== undefined);
      if (core?.services.session.state().locked !== false) {
        await page.getByRole('radio', { name: new RegExp(official.tokenLabel) }).check();
        await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(official.pin);
        await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
      }
      await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
      const nav = page.getByRole('navigation', { name: translate(language, 'nav.label') });
      await nav.getByRole('button', { name: translate(language, 'screen.zones.name'), exact: true }).click();
      const note = page.getByRole('region', { name: translate(language, 'training.zones.title') });
      await note.waitFor();
      assert.ok((await note.innerText()).includes(translate(language, 'training.zones.notRoot')));
      const main = await page.locator('#main').innerText();
      for (const name of language === 'vi' ? ['Mạng cơ yếu', 'Mạng nội bộ cơ quan', 'Mạng Internet'] : ['Cipher network', 'Office LAN', 'Internet']) assert.ok(main.includes(name), name);
      for (const name of ['Mạng cơ yếu', 'Mạng nội bộ cơ quan', 'Mạng Internet']) {
        assert.equal(await page.getByRole('button', { name: translate('vi', 'zones.switchTo', { name }) }).count(), 0);
      }
      assert.equal(await page.getByRole('button', { name: /Switch to|Chuyển sang/ }).count(), 0, 'no switch button');
      assert.deepEqual(await seriousViolations(page, `zones, switching off (${language})`), []);
    });

    // The kit's server runs on loopback, but messaging lives only in a zone and there is none to be in: the screen says so, not "server down".
    it(`the Messages screen (${language}) says messaging cannot be practised without root, why, and how to get it; axe clean`, async () => {
      const nav = page.getByRole('navigation', { name: translate(language, 'nav.label') });
      await nav.getByRole('button', { name: translate(language, 'screen.messages.name'), exact: true }).click();
      const note = page.getByRole('region', { name: translate(language, 'training.messages.title') });
      await note.waitFor();
      const text = await note.innerText();
      assert.ok(text.includes(translate(language, 'training.messages.notRoot')), text);
      assert.ok(text.includes(translate(language, 'training.messages.how')), text);
      assert.equal(core?.services.zones.status().active, null, 'no zone: the app never connects');
      assert.equal(await page.getByRole('button', { name: translate(language, 'messages.pane.compose') }).count(), 0, 'nothing to compose with');
      assert.deepEqual(await seriousViolations(page, `messages, training without root (${language})`), []);
    });
  }
});
