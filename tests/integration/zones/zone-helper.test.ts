import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import type { HelperClient } from '../../../electron/core/zones/helper-client.js';
import { ZoneStepError } from '../../../electron/core/zones/zone-network.js';
import type { WatchdogAlert } from '../../../shared/domain/zone.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { until } from '../../support/token-core.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createZoneLab, linkAndRouteState, pings, run, type ZoneLab } from '../../support/zone-lab.js';
import { helperSetup, labPolicy, switchNetwork, writeSignedPolicy, type HelperSetup } from '../../support/zone-policy.js';

describe('zone helper, the bundled file the package ships: real network namespaces, one zone live at a time (root)', () => {
  let token: SoftHsmToken;
  let lab: ZoneLab;
  let dir: string;
  let setup: HelperSetup;
  let helper: HelperClient;
  const alerts: WatchdogAlert[] = [];
  const teardown = teardownAfterSuite();

  before(async () => {
    [token, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-helper-')]);
    setup = await helperSetup(token, lab, dir, { watchdogIntervalMs: 60_000, bundled: true });
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab));
    helper = setup.start();
    teardown.defer(() => helper.stop());
    helper.onAlert((alert) => alerts.push(alert));
  });

  it('starts fail-closed: the links that were up before it are all down', async () => {
    const status = await helper.status();
    assert.deepEqual(status, { policy: { state: 'loaded', serial: 1 }, allowed: null });
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, []);
  });

  it('after every switch of a sequence exactly one zone link is up, every route uses it, a ping reaches only that zone', async () => {
    for (const id of ['co-yeu', 'van-phong', 'internet', 'co-yeu']) {
      await switchNetwork(helper, id);
      const zone = lab.zone(id);
      const state = await linkAndRouteState(lab);
      assert.deepEqual(state.upZoneLinks, [zone.interface], `links after switching to ${id}`);
      assert.deepEqual(state.operUp, [zone.interface]);
      assert.deepEqual(state.routeDevices, [zone.interface], `routes after switching to ${id}`);
      for (const other of lab.zones) assert.equal(await pings(lab, other.gateway), other.id === id, `ping ${other.id} while in ${id}`);
      const resolv = await readFile(setup.resolvConf, 'utf8');
      assert.match(resolv, new RegExp(`^nameserver ${zone.dns.replaceAll('.', '\\.')}$`, 'm'));
    }
  });

  it('the firewall drops everything but loopback and the zone, forwarding included (nft -j)', async () => {
    const ruleset = JSON.parse(await lab.exec(lab.workstation, ['nft', '-j', 'list', 'table', 'inet', 'airlock'])) as { nftables: Record<string, { policy?: string; name?: string }>[] };
    const chains = ruleset.nftables.flatMap((item) => (item.chain === undefined ? [] : [item.chain]));
    assert.deepEqual(chains.map((chain) => `${chain.name ?? ''}:${chain.policy ?? ''}`).sort(), ['forward:drop', 'input:drop', 'output:drop']);
  });

  it('a TCP connection opened in the old zone is gone after the switch', async () => {
    await switchNetwork(helper, 'van-phong');
    const office = lab.zone('van-phong');
    const server = run(['ip', 'netns', 'exec', office.ns, 'timeout', '20', 'python3', '-c', 'import socket,time\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(("0.0.0.0",7000));s.listen();c,_=s.accept();time.sleep(10)']).catch(() => '');
    const client = run(['ip', 'netns', 'exec', lab.workstation, 'timeout', '20', 'python3', '-c', `import socket,time\nfor i in range(50):\n  try:\n    s=socket.create_connection(("${office.gateway}",7000));break\n  except OSError: time.sleep(0.1)\ntime.sleep(10)`]).catch(() => '');
    const established = async (): Promise<string> => (await lab.exec(lab.workstation, ['ss', '-H', '-t', '-n', 'state', 'established'])).trim();
    const deadline = Date.now() + 10_000;
    while ((await established()) === '' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(await established(), /198\.51\.100\.2:\d+\s+198\.51\.100\.1:7000/);
    await switchNetwork(helper, 'internet');
    assert.equal(await established(), '', 'no established socket survives the switch');
    void server;
    void client;
  });

  it('a failure half-way (a gateway that cannot be set) names its step and isolation leaves every zone link down', async () => {
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, (policy) => {
      policy.serial = 2;
      const zones = policy.zones as { id: string; gateway: string }[];
      const office = zones.find((zone) => zone.id === 'van-phong');
      if (office !== undefined) office.gateway = '203.0.113.77'; // not on the office subnet: the kernel refuses the route
    }));
    assert.deepEqual(await helper.reload(), { policy: { state: 'loaded', serial: 2 }, allowed: 'internet' });
    const failure = await switchNetwork(helper, 'van-phong').then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(failure instanceof ZoneStepError, String(failure));
    assert.equal(failure.step, 'route');
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, ['zoffice0'], 'half-way: the target is up without its route');
    await helper.isolate();
    const state = await linkAndRouteState(lab);
    assert.deepEqual(state.upZoneLinks, []);
    assert.deepEqual(state.routeDevices, []);
  });

  it('refuses every network step once the policy is no longer acceptable (tampered on disk, then reloaded)', async () => {
    const bytes = await readFile(setup.policyPath, 'utf8');
    await import('node:fs/promises').then(({ writeFile }) => writeFile(setup.policyPath, bytes.replace('"coolDownSeconds": 0', '"coolDownSeconds": 5')));
    assert.deepEqual(await helper.reload(), { policy: { state: 'refused', reason: 'badSignature' }, allowed: null });
    await assert.rejects(helper.firewall('internet'), /policyRefused/);
    await assert.rejects(helper.targetUp('internet'), /policyRefused/);
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, []);
  });

  it('the watchdog cuts a zone link brought up behind its back, and an unlisted one, and says how fast', async () => {
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, (policy) => (policy.serial = 3)));
    await helper.reload();
    await switchNetwork(helper, 'internet');
    alerts.length = 0;
    for (const name of [lab.zone('co-yeu').interface, lab.rogueInterface]) {
      await run(['ip', '-n', lab.workstation, 'link', 'set', name, 'up']);
      await until(() => alerts.some((alert) => alert.interface === name), `watchdog alert for ${name}`, 10_000);
      const alert = alerts.find((item) => item.interface === name);
      assert.equal(alert?.action, 'cut');
      assert.equal(alert?.zone, name === lab.rogueInterface ? null : 'co-yeu');
      assert.ok(alert?.reactionMs !== undefined);
      process.stdout.write(`# watchdog reaction for ${name}: ${alert?.reactionMs} ms from the link event to the link down\n`);
    }
    const state = await linkAndRouteState(lab);
    assert.deepEqual(state.upZoneLinks, [lab.zone('internet').interface]);
  });

  it('remembers the highest policy serial across a restart: an older, validly signed policy is a rollback', async () => {
    helper.stop();
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, (policy) => (policy.serial = 2)));
    helper = setup.start();
    assert.deepEqual(await helper.status(), { policy: { state: 'refused', reason: 'rolledBack' }, allowed: null });
    assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, [], 'a restarted helper takes every zone down');
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, (policy) => (policy.serial = 3)));
    assert.deepEqual((await helper.reload()).policy, { state: 'loaded', serial: 3 });
  });

  it('answers a request outside the protocol with invalidRequest and carries on', async () => {
    const raw = (helper as unknown as { helper: { stdin: NodeJS.WritableStream } }).helper.stdin;
    raw.write('{"id":1,"op":"exec","argv":["sh"]}\n');
    assert.deepEqual((await helper.status()).policy, { state: 'loaded', serial: 3 });
  });
});
