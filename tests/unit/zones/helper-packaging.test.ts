import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HelperConfig } from '../../../electron/zone-helper/helper-config.js';
import { DEFAULT_POLICY_PATH, PACKAGED_HELPER_ARGV } from '../../../electron/platform/zone-config.js';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('zone helper packaging: the app, the launcher, polkit and the config name the same paths', () => {
  it('the app starts exactly the program polkit authorises, and that launcher fixes its config path', () => {
    assert.deepEqual(PACKAGED_HELPER_ARGV, ['pkexec', '/usr/lib/airlock/airlock-zone-helper']);
    assert.match(read('build/linux/vn.gov.airlock.zone-helper.policy'), /<annotate key="org\.freedesktop\.policykit\.exec\.path">\/usr\/lib\/airlock\/airlock-zone-helper<\/annotate>/);
    assert.match(read('build/linux/airlock-zone-helper'), /--config \/etc\/airlock\/zone-helper\.json\n/);
    assert.match(read('build/linux/50-airlock-zone-helper.rules'), /subject\.local && subject\.active && subject\.isInGroup\("airlock"\)/);
  });

  it('the shipped config is valid for the helper and names the policy the app reads', () => {
    const config = HelperConfig.parse(JSON.parse(read('build/linux/zone-helper.json')));
    assert.equal(config.policy, DEFAULT_POLICY_PATH);
    assert.equal(config.netns, undefined, 'never a test namespace in the package');
    // docs/zones.md "When the helper dies": the bound the docs state is the one shipped.
    assert.equal(config.acceptLeaseSeconds, 3);
  });

  it('the package brings what a dead helper relies on: nft set timeouts (nftables) and setpriv (util-linux)', () => {
    assert.match(read('electron-builder.yml'), /depends: \[[^\]]*\bnftables\b[^\]]*\butil-linux\b/);
  });

  it('electron-builder ships the bundled helper and runs the installer script', () => {
    const builder = read('electron-builder.yml');
    assert.match(builder, /from: dist\/zone-helper/);
    assert.match(builder, /afterInstall: build\/linux\/after-install\.sh/);
    assert.match(read('build/linux/after-install.sh'), /install -o root -g root -m 0755 "\$RES\/airlock-zone-helper" \/usr\/lib\/airlock\/airlock-zone-helper/);
  });
});
