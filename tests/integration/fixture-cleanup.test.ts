// A run that fails leaves nothing behind (#14): real suites run in a child node with their setup
// made to fail for real — a tool missing from PATH, a namespace name already taken — and the machine
// is checked afterwards for the zone lab's namespaces, nftables tables, processes and temp files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { labNamespaces, nftTables, pathWithout, processesMarked, runTestFile } from '../support/leftovers.js';
import { teardownAfterSuite } from '../support/teardown.js';
import { until } from '../support/token-core.js';
import { LAB_SUFFIX_ENV, run } from '../support/zone-lab.js';

const ZONE_SUITES = [
  'tests/integration/zones/zone-policy.test.ts',
  'tests/integration/zones/zone-helper.test.ts',
  'tests/integration/zones/zone-helper-death.test.ts',
  'tests/integration/zones/zone-switch.test.ts',
  'tests/e2e/zones.test.ts',
  // Runs itself again inside the lab's workstation namespace: the inner run's token fails, the outer removes the lab.
  'tests/integration/messaging/messaging-zones.test.ts',
];

describe('a suite whose setup fails leaves no namespace, nftables table, process or temp file (real suites in a child node, root)', () => {
  const teardown = teardownAfterSuite();
  let work: string;
  let tablesBefore: string[];

  before(async () => {
    work = await teardown.tempDir('airlock-leftovers-');
    tablesBefore = await nftTables();
  });

  /** Runs `file` with `missing` taken off PATH and its own TMPDIR; returns what it printed and what it left (tsx's compile cache, `tsx-<uid>`, is the loader's, not the suite's). */
  async function failedRun(file: string, options: { missing?: readonly string[]; suffix?: string; scripts?: Readonly<Record<string, string>> }) {
    const name = randomBytes(4).toString('hex');
    const tmp = path.join(work, `tmp-${name}`);
    const bin = path.join(work, `bin-${name}`);
    await Promise.all([mkdir(tmp), mkdir(bin)]);
    const marker = `AIRLOCK_LEFTOVER_PROBE=${name}`;
    const suffix = options.suffix ?? randomBytes(3).toString('hex');
    // Whatever the suite leaves is found below, then removed here, so this test leaves nothing either.
    for (const [tool, script] of Object.entries(options.scripts ?? {})) await writeFile(path.join(bin, tool), script, { mode: 0o755 });
    const before = new Set(await labNamespaces(suffix));
    teardown.defer(async () => {
      for (const ns of await labNamespaces(suffix)) if (!before.has(ns)) await run(['ip', 'netns', 'del', ns]);
    });
    const { code, output } = await runTestFile(file, {
      PATH: await pathWithout(bin, [...(options.missing ?? []), ...Object.keys(options.scripts ?? {})]),
      TMPDIR: tmp,
      [LAB_SUFFIX_ENV]: suffix,
      AIRLOCK_LEFTOVER_PROBE: name,
    });
    // A process SIGKILLed by the suite's teardown may take a moment to leave the table: a generous bound.
    await until(() => processesMarked(marker).length === 0, `no process of the run left (${processesMarked(marker).join(' | ')})`, 5000).catch(() => undefined);
    return { code, output, namespaces: await labNamespaces(suffix), tables: await nftTables(), processes: processesMarked(marker), tempFiles: (await readdir(tmp)).filter((entry) => !entry.startsWith('tsx-')) };
  }

  for (const file of ZONE_SUITES) {
    it(`${file}: SoftHSM not installed — the token cannot be made, the zone lab made beside it is removed`, async () => {
      const left = await failedRun(file, { missing: ['softhsm2-util'] });
      assert.notEqual(left.code, 0, 'the suite must fail');
      assert.match(left.output, /softhsm2-util/);
      assert.deepEqual(left.namespaces, [], 'namespaces left');
      assert.deepEqual(left.tables, tablesBefore, 'nftables tables');
      assert.deepEqual(left.processes, [], 'processes left');
      assert.deepEqual(left.tempFiles, [], 'temp files left');
    });
  }

  it('a zone lab that fails halfway (its third namespace name is taken): the namespaces it made and the token made beside it are removed', async () => {
    const suffix = randomBytes(3).toString('hex');
    const taken = `alz1-${suffix}`;
    await run(['ip', 'netns', 'add', taken]);
    teardown.defer(() => run(['ip', 'netns', 'del', taken]));
    const left = await failedRun(ZONE_SUITES[0] ?? '', { suffix });
    assert.notEqual(left.code, 0, 'the suite must fail');
    assert.match(left.output, new RegExp(`ip netns add ${taken}`));
    assert.deepEqual(left.namespaces, [taken], 'only the namespace that was there before');
    assert.deepEqual(left.processes, [], 'processes left');
    assert.deepEqual(left.tempFiles, [], 'temp files left (the token)');
  });

  const TOKEN_FAILURES = [
    { missing: 'softhsm2-util', when: 'SoftHSM not installed: no token, the test PKI half made beside it' },
    { missing: 'pkcs11-tool', when: 'OpenSC not installed: tokens made, no keys' },
  ];
  for (const { missing, when } of TOKEN_FAILURES) {
    it(`the SoftHSM token fixture failing (${when}): its folder, tokens and PKI are removed`, async () => {
      const left = await failedRun('tests/integration/softhsm-fixture.test.ts', { missing: [missing] });
      assert.notEqual(left.code, 0, 'the suite must fail');
      assert.deepEqual(left.processes, [], 'processes left');
      assert.deepEqual(left.tempFiles, [], 'temp files left');
      assert.match(left.output, new RegExp(missing), 'the suite says which tool is missing');
    });
  }

  it('a messaging cluster whose third server cannot start (#15): the two servers already running and the lab folder are removed', async () => {
    const counter = await teardown.tempDir('airlock-nats-starts-');
    // The real nats-server for the first two starts, a refusal for the third: setup fails halfway.
    const real = execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim();
    const natsServer = [
      '#!/bin/sh',
      // mkdir is atomic: the three servers start in parallel, exactly one of them gets each number.
      `n=0; while ! mkdir "${counter}/$n" 2>/dev/null; do n=$((n + 1)); done`,
      'if [ "$n" -ge 2 ]; then echo "refused by the test" >&2; exit 1; fi',
      `exec ${real} "$@"`,
      '',
    ].join('\n');
    const left = await failedRun('tests/integration/messaging/cluster.test.ts', { scripts: { 'nats-server': natsServer } });
    assert.notEqual(left.code, 0, 'the suite must fail');
    assert.match(left.output, /refused by the test/);
    assert.equal((await readdir(counter)).length, 3, 'three starts were tried');
    assert.deepEqual(left.processes, [], 'servers left running');
    assert.deepEqual(left.tempFiles, [], 'temp files left (configs, JetStream stores, PKI)');
  });

  it('messaging without nats-server installed (#15): the suite fails saying so, and its PKI folder is removed', async () => {
    const left = await failedRun('tests/integration/messaging/inbox.test.ts', { missing: ['nats-server'] });
    assert.notEqual(left.code, 0, 'the suite must fail');
    assert.match(left.output, /nats-server/);
    assert.deepEqual(left.processes, [], 'processes left');
    assert.deepEqual(left.tempFiles, [], 'temp files left');
  });
});
