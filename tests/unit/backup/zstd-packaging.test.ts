import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ZSTD_UNPACK, zstdPackagingProblems } from '../../../scripts/native-addon-packaging.mjs';

// The zstd binding of backup blobs ships unpacked from app.asar (the check npm run scan:electron runs;
// docs/backup-repository.md "Compression"). The packaged app itself needs the Electron binary, which
// cannot run here: this checks the configuration and where the binding's .node file really is.
const root = path.resolve(new URL('../../..', import.meta.url).pathname);
const builderYml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

describe('the package configuration unpacks the zstd binding', () => {
  it('electron-builder.yml lists it in asarUnpack', () => assert.deepEqual(zstdPackagingProblems(builderYml), []));

  it('a configuration without it is caught', () => {
    const without = builderYml
      .split('\n')
      .filter((line) => line !== `  - "${ZSTD_UNPACK}"`)
      .join('\n');
    assert.notEqual(without, builderYml);
    assert.match(zstdPackagingProblems(without).join('\n'), /"asarUnpack" does not list/);
  });

  it('the .node file the binding loads is under node_modules/@mongodb-js/, which the entry covers', () => {
    const require = createRequire(import.meta.url);
    require('@mongodb-js/zstd');
    const loaded = Object.keys(require.cache).filter((file) => file.endsWith('.node') && file.includes('zstd'));
    assert.equal(loaded.length, 1, loaded.join(', '));
    assert.match(path.relative(root, realpathSync(loaded[0] ?? '')), /^node_modules\/@mongodb-js\/zstd-[a-z0-9-]+\/zstd\.[a-z0-9-]+\.node$/);
  });
});
