import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { associatedData, nativeFieldCipher, nodeFieldCipher } from '../../electron/core/crypto/field-cipher.js';
import { ADDON_FILE, findAddon, loadAddon, nativeAead } from '../../electron/core/crypto/native-aead.js';
import { addonPackagingProblems } from '../../scripts/native-addon-packaging.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const built = path.join(root, ...ADDON_FILE.split('/'));
const cryptoSources = path.join(root, 'electron', 'core', 'crypto');
/** The addon's dynamic symbols, as the loader of any host process sees them (binutils' nm). */
const dynamicSymbols = (which: '--undefined-only' | '--defined-only') =>
  execFileSync('nm', ['-D', which, '--format=posix', built], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(' ')[0]?.replace(/@.*$/, '') ?? '');
// OpenSSL's public prefixes: any of these left undefined would have to come from the host's OpenSSL.
const OPENSSL_SYMBOL = /^(EVP_|OPENSSL_|CRYPTO_|OSSL_|ERR_|BIO_|RAND_|ossl_)/;

describe('native/field-aead carries its own OpenSSL (Debian libcrypto.a, symbols hidden): it loads under Node and Electron alike', () => {
  it('needs no OpenSSL symbol from the host and exports none of its own', () => {
    const undefinedSymbols = dynamicSymbols('--undefined-only');
    assert.ok(undefinedSymbols.includes('napi_create_buffer'), 'nm read the addon: it asks the host for N-API');
    assert.deepEqual(undefinedSymbols.filter((name) => OPENSSL_SYMBOL.test(name)), []);
    // Only the N-API entry points: libcrypto's symbols are local, so they cannot clash with the host's.
    assert.deepEqual(dynamicSymbols('--defined-only').sort(), ['napi_register_module_v1', 'node_api_module_get_api_version_v1']);
    const needed = execFileSync('readelf', ['-d', '-W', built], { encoding: 'utf8' });
    assert.doesNotMatch(needed, /NEEDED.*lib(crypto|ssl)/);
  });

  it('passes its known-answer test, and reads what node:crypto wrote and the other way round', () => {
    const status = nativeAead();
    assert.ok(status.available, status.available ? '' : status.reason);
    const key = randomBytes(32);
    const native = nativeFieldCipher(key);
    const node = nodeFieldCipher(key);
    for (const size of [0, 1, 1024, 70_000]) {
      const ad = associatedData(['records', 'body', size, 'messages', 1]);
      const plaintext = randomBytes(size);
      assert.deepEqual(Buffer.from(native.open(node.seal(plaintext, ad), ad)), plaintext, `node:crypto → native, ${size} bytes`);
      assert.deepEqual(Buffer.from(node.open(native.seal(plaintext, ad), ad)), plaintext, `native → node:crypto, ${size} bytes`);
    }
    native.destroy();
    node.destroy();
  });

  it('reads no OpenSSL configuration of the host: a config whose only provider cannot load leaves it working', () => {
    // With this file a configuration-reading OpenSSL has no provider at all (`openssl list -providers`
    // prints none), so it could not fetch AES-256-GCM; the addon's own OpenSSL never reads it.
    const folder = mkdtempSync(path.join(tmpdir(), 'airlock-openssl-conf-'));
    try {
      const config = path.join(folder, 'openssl.cnf');
      writeFileSync(config, 'openssl_conf = init\n[init]\nproviders = providers\n[providers]\nbroken = broken\n[broken]\nmodule = /nonexistent/broken.so\nactivate = 1\n');
      const script = `import('${path.join(cryptoSources, 'native-aead.ts')}').then((m) => { const s = m.nativeAead(); console.log(s.available ? 'available' : s.reason); })`;
      const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', env: { ...process.env, OPENSSL_CONF: config } });
      assert.equal(output.trim(), 'available');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the loader finds the addon in the repository and in the packaged app', () => {
  // A FAKE packaged app: plain folders laid out as electron-builder lays out resources/ (Node cannot
  // read a real app.asar; the Electron binary is not on the development machines).
  const fakePackage = mkdtempSync(path.join(tmpdir(), 'airlock-fake-packaged-app-'));
  after(() => rmSync(fakePackage, { recursive: true, force: true }));

  it('in the repository: from the sources (three folders down) and from dist/ (four)', () => {
    assert.equal(findAddon(cryptoSources), built);
    assert.equal(findAddon(path.join(root, 'dist', 'electron', 'core', 'crypto')), built);
  });

  it('in the packaged app: app.asar.unpacked beside the archive the module runs from, and that copy loads and passes', () => {
    const resources = path.join(fakePackage, 'resources');
    const moduleFolder = path.join(resources, 'app.asar', 'dist', 'electron', 'core', 'crypto');
    mkdirSync(moduleFolder, { recursive: true });
    assert.equal(findAddon(moduleFolder), undefined, 'nothing unpacked yet: not found (the store then runs on node:crypto)');
    const unpacked = path.join(resources, 'app.asar.unpacked', ...ADDON_FILE.split('/'));
    mkdirSync(path.dirname(unpacked), { recursive: true });
    copyFileSync(built, unpacked);
    assert.equal(findAddon(moduleFolder), unpacked);
    const status = loadAddon(findAddon(moduleFolder));
    assert.ok(status.available, status.available ? '' : status.reason);
    assert.match((loadAddon(undefined) as { reason: string }).reason, /not built/);
  });
});

describe('the package configuration ships the addon (the check npm run scan:electron runs)', () => {
  const builderYml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

  it('electron-builder.yml lists it in files and in asarUnpack', () => {
    assert.deepEqual(addonPackagingProblems(builderYml, ADDON_FILE), []);
  });

  it('a configuration that leaves it out of either list is caught', () => {
    const lines = builderYml.split('\n');
    const entry = `  - ${ADDON_FILE}`;
    assert.equal(lines.filter((line) => line === entry).length, 2, 'once under files, once under asarUnpack');
    const withoutFirst = lines.filter((line, i) => line !== entry || i !== lines.indexOf(entry)).join('\n');
    const withoutLast = lines.filter((line, i) => line !== entry || i !== lines.lastIndexOf(entry)).join('\n');
    assert.match(addonPackagingProblems(withoutFirst, ADDON_FILE).join('\n'), /"files" does not list/);
    assert.match(addonPackagingProblems(withoutLast, ADDON_FILE).join('\n'), /"asarUnpack" does not list/);
  });
});
