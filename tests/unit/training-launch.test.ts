import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { displayProblem, launchCommand } from '../../tools/training-kit/launch.js';

// Which app npm run training opens, and how: decided from what is on the machine (an Electron dist
// folder named by ELECTRON_OVERRIDE_DIST_PATH stands for an installed binary: only its presence is read).
const root = path.resolve(import.meta.dirname, '../..');
const profile = { path: '/srv/training/training.json' };

describe('npm run training: which shell, inside which namespace, and with no display', () => {
  let dist: string;
  before(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'airlock-electron-dist-'));
    await mkdir(dist, { recursive: true });
    await writeFile(path.join(dist, 'electron'), '#!/bin/sh\n');
    await chmod(path.join(dist, 'electron'), 0o755);
  });
  after(() => rm(dist, { recursive: true, force: true }));

  it('opens Electron when its binary exists, with the profile in its environment', () => {
    const launch = launchCommand(profile, { ELECTRON_OVERRIDE_DIST_PATH: dist });
    assert.equal(launch.shell, 'electron');
    assert.deepEqual(launch.argv, [path.join(dist, 'electron'), root]);
    assert.equal(launch.env['AIRLOCK_TRAINING_PROFILE'], profile.path);
  });

  it('else the Chromium shell from dist/, inside the workstation namespace when there is one', () => {
    const launch = launchCommand({ ...profile, netns: 'altws-abc123' }, { ELECTRON_OVERRIDE_DIST_PATH: path.join(dist, 'missing') });
    assert.equal(launch.shell, 'chromium');
    assert.deepEqual(launch.argv, ['ip', 'netns', 'exec', 'altws-abc123', process.execPath, path.join(root, 'dist/electron/shells/chromium/main.js')]);
  });

  it('with no display says so, in both languages, and how to run under Xvfb; AIRLOCK_HEADLESS=1 or a display opens the app', () => {
    const problem = displayProblem({});
    assert.ok(problem?.includes('Không có màn hình') && problem.includes('No display') && problem.includes('xvfb-run -a npm run training'), problem);
    assert.equal(displayProblem({ DISPLAY: ':0' }), undefined);
    assert.equal(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }), undefined);
    assert.equal(displayProblem({ AIRLOCK_HEADLESS: '1' }), undefined);
  });
});
