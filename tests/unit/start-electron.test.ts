import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

describe('npm start without the Electron binary', () => {
  it('exits non-zero and says, in Vietnamese and English, how to get it and that the Chromium shell exists', () => {
    // An empty dist folder stands for "binary missing", whatever this machine has installed.
    const empty = mkdtempSync(path.join(tmpdir(), 'airlock-no-electron-'));
    try {
      const run = spawnSync(process.execPath, ['scripts/start-electron.mjs'], { encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty }, timeout: 30_000 });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /Thiếu chương trình Electron/);
      assert.match(run.stderr, /Electron binary is missing/);
      assert.match(run.stderr, /npx install-electron/);
      assert.match(run.stderr, /npm run start:chromium/);
      assert.doesNotMatch(run.stderr + run.stdout, /Downloading/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
