// A run that fails leaves nothing behind (#14): real suites run in a child node with their setup
// made to fail for real — a tool missing from PATH, a namespace name already taken — and the machine
// is checked afterwards for the zone lab's namespaces, nftables tables, processes and temp files.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
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
  async function failedRun(file: string, options: { missing?: readonly string[]; suffix?: string }) {
    const name = randomBytes(4).toString('hex');
    const tmp = path.join(work, `tmp-${name}`);
    const bin = path.join(work, `bin-${name}`);
    await Promise.all([mkdir(tmp), mkdir(bin)]);
    const marker = `AIRLOCK_LEFTOVER_PROBE=${name}`;
    const suffix = options.suffix ?? randomBytes(3).toString('hex');
    // Whatever the suite leaves is found below, then removed here, so this test leaves nothing either.
    const before = new Set(await labNamespaces(suffix));
    teardown.defer(async () => {
      for (const ns of await labNamespaces(suffix)) if (!before.has(ns)) await run(['ip', 'netns', 'del', ns]);
    });
    const { code, output } = await runTestFile(file, {
      PATH: await pathWithout(bin, options.missing ?? []),
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
});
