// `npm run setup` (scripts/setup.sh), run for real on a copy of the project: the real dpkg-query
// and npm ci; apt-get, which would change this machine, is a fake that records its calls. A second
// fake, dpkg-query reporting one package missing, stands in for a machine without it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { before, beforeEach, describe, it } from 'node:test';
import { teardownAfterSuite } from '../support/teardown.js';

const root = path.resolve(import.meta.dirname, '../..');
const MISSING = 'nats-server';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` with `env` on top of this process's environment; resolves once it ends. */
function run(command: readonly [string, ...string[]], cwd: string, env: Readonly<Record<string, string>>): Promise<Run> {
  const [file, ...args] = command;
  const child = spawn(file, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run setup: Debian packages as root, the sudo line otherwise, npm ci once (root; apt-get is a fake)', () => {
  const teardown = teardownAfterSuite();
  let base: string;
  let fakes: string;
  let aptCalls: string;

  /** A copy of the project as setup sees it: the script, package.json (its engines field), a lock file with one local dependency. */
  async function project(name: string, engines = '>=20.19'): Promise<string> {
    const dir = path.join(base, name);
    await mkdir(path.join(dir, 'scripts'), { recursive: true });
    await mkdir(path.join(dir, 'dep'));
    await copyFile(path.join(root, 'scripts/setup.sh'), path.join(dir, 'scripts/setup.sh'));
    await writeFile(path.join(dir, 'dep/package.json'), JSON.stringify({ name: 'dep', version: '1.0.0' }));
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'probe', version: '0.0.0', private: true, engines: { node: engines }, dependencies: { dep: 'file:./dep' } }));
    const locked = await run(['npm', 'install', '--package-lock-only', '--no-audit', '--no-fund'], dir, {});
    assert.equal(locked.code, 0, locked.stderr);
    return dir;
  }

  /** The setup of `dir`, with the fakes first on PATH; `missing` makes the fake dpkg-query report that package absent. */
  const setup = (dir: string, options: { missing?: boolean; asNobody?: boolean; args?: string[] } = {}): Promise<Run> =>
    run(
      [...(options.asNobody === true ? (['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] as const) : []), 'bash', path.join(dir, 'scripts/setup.sh'), ...(options.args ?? [])] as [string, ...string[]],
      dir,
      { PATH: `${options.missing === true ? `${fakes}/dpkg:` : ''}${fakes}/apt:${process.env['PATH'] ?? ''}`, FAKE_APT_CALLS: aptCalls, HOME: base, npm_config_cache: path.join(base, 'npm-cache') },
    );

  const calls = async (): Promise<string[]> => (existsSync(aptCalls) ? (await readFile(aptCalls, 'utf8')).split('\n').filter(Boolean) : []);

  before(async () => {
    base = await teardown.tempDir('airlock-setup-');
    // Read by nobody too (the non-root case).
    await chmod(base, 0o755);
    fakes = path.join(base, 'fakes');
    aptCalls = path.join(base, 'apt-calls.log');
    await mkdir(path.join(fakes, 'apt'), { recursive: true });
    await mkdir(path.join(fakes, 'dpkg'), { recursive: true });
    // Fake apt-get: records its arguments; "install" marks the packages installed for the fake dpkg-query.
    await writeFile(
      path.join(fakes, 'apt', 'apt-get'),
      `#!/bin/sh\necho "apt-get $*" >> "$FAKE_APT_CALLS"\n[ "$1" = install ] && echo "$*" >> "$FAKE_APT_CALLS.installed"\nexit 0\n`,
      { mode: 0o755 },
    );
    // Fake dpkg-query: "${MISSING}" is not installed until the fake apt-get installed it; the rest is the real dpkg-query's answer.
    await writeFile(
      path.join(fakes, 'dpkg', 'dpkg-query'),
      `#!/bin/sh\nfor last; do :; done\nif [ "$last" = ${MISSING} ] && ! grep -qs ${MISSING} "$FAKE_APT_CALLS.installed"; then exit 1; fi\nexec /usr/bin/dpkg-query "$@"\n`,
      { mode: 0o755 },
    );
  });

  beforeEach(() => Promise.all([rm(aptCalls, { force: true }), rm(`${aptCalls}.installed`, { force: true })]));

  it('as another user with a package missing: prints the one sudo line (vi and en), exits non-zero, installs nothing', async () => {
    const dir = await project('as-nobody');
    await chmod(dir, 0o755);
    const result = await setup(dir, { missing: true, asNobody: true });
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.split('\n').includes(`  sudo apt-get install -y --no-install-recommends ${MISSING}`), result.stderr);
    assert.match(result.stderr, new RegExp(`Còn thiếu các gói Debian: ${MISSING}\\n`));
    assert.match(result.stderr, new RegExp(`Missing Debian packages: ${MISSING}\\n`));
    assert.deepEqual(await calls(), [], 'apt-get not called');
    assert.equal(existsSync(path.join(dir, 'node_modules')), false, 'npm ci not run');
  });

  it('as root with every package installed: never calls apt-get; npm ci once, then skipped while the lock file is the same', async () => {
    const dir = await project('as-root');
    const first = await setup(dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Debian packages: all \d+ installed/);
    assert.match(first.stdout, /::: npm ci/);
    assert.ok(existsSync(path.join(dir, 'node_modules/dep/package.json')), 'the dependency installed');
    // npm ci empties node_modules first: a file of our own that survives shows it did not run.
    await writeFile(path.join(dir, 'node_modules/kept'), '');
    const second = await setup(dir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /npm ci skipped/);
    assert.ok(existsSync(path.join(dir, 'node_modules/kept')), 'node_modules untouched');
    // A changed lock file, or --reinstall, runs npm ci again.
    await writeFile(path.join(dir, 'dep/package.json'), JSON.stringify({ name: 'dep', version: '1.0.1' }));
    assert.equal((await run(['npm', 'install', '--package-lock-only', '--no-audit', '--no-fund'], dir, {})).code, 0);
    const changed = await setup(dir);
    assert.match(changed.stdout, /::: npm ci/);
    assert.equal(existsSync(path.join(dir, 'node_modules/kept')), false);
    await writeFile(path.join(dir, 'node_modules/kept'), '');
    assert.match((await setup(dir, { args: ['--reinstall'] })).stdout, /::: npm ci/);
    assert.equal(existsSync(path.join(dir, 'node_modules/kept')), false);
    assert.deepEqual(await calls(), [], 'apt-get never called');
  });

  it('as root with a package missing: apt-get update, then install of that package alone, then npm ci', async () => {
    const dir = await project('as-root-missing');
    const result = await setup(dir, { missing: true });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await calls(), ['apt-get update -qq', `apt-get install -y -qq --no-install-recommends ${MISSING}`]);
    assert.ok(existsSync(path.join(dir, 'node_modules/dep/package.json')));
  });

  it('a Node older than package.json asks for: says which version is needed, before anything else', async () => {
    const dir = await project('old-node', '>=99.1');
    const result = await setup(dir, { missing: true });
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`Node.js ${process.version} quá cũ: cần bản 99.1 trở lên`));
    assert.match(result.stderr, new RegExp(`Node.js ${process.version} is too old: 99.1 or later is needed`));
    assert.equal(existsSync(path.join(dir, 'node_modules')), false);
  });
});
