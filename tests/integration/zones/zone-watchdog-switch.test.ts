import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { HelperClient } from '../../../electron/core/zones/helper-client.js';
import type { WatchdogAlert } from '../../../shared/domain/zone.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createZoneLab, linkAndRouteState, type ZoneLab } from '../../support/zone-lab.js';
import { helperSetup, labPolicy, switchNetwork, writeSignedPolicy } from '../../support/zone-policy.js';

// The watchdog must never take the helper's own switch for a link raised behind its back: the
// old zone's link the switch is taking down, or the target's link it is bringing up, is no
// "came up outside the active zone" (the false alarm the training tour showed for zoffice0 on the
// way to the cipher zone). The watchdog's timer at its fastest (100 ms) so its ticks land inside
// the switch's steps, as the packaged 1 s timer does now and then.
const WATCHDOG_MS = 100;
const SWITCHES = 16;

describe('watchdog during the helper\'s own switches: no alert, the old zone\'s link down and staying down (real namespaces, root)', () => {
  let token: SoftHsmToken;
  let lab: ZoneLab;
  let helper: HelperClient;
  const alerts: WatchdogAlert[] = [];
  const teardown = teardownAfterSuite();

  before(async () => {
    let dir: string;
    [token, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-watchdog-switch-')]);
    const setup = await helperSetup(token, lab, dir, { watchdogIntervalMs: WATCHDOG_MS });
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab));
    helper = setup.start();
    teardown.defer(() => helper.stop());
    helper.onAlert((alert) => alerts.push(alert));
    await helper.status();
  });

  it(`office LAN → cipher network ${SWITCHES / 2} times over: no watchdog alert, every switch verified, zoffice0 down for 5 watchdog periods after each`, async () => {
    const office = lab.zone('van-phong').interface;
    const cipher = lab.zone('co-yeu').interface;
    for (let round = 0; round < SWITCHES / 2; round += 1) {
      await switchNetwork(helper, 'van-phong');
      assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, [office]);
      await switchNetwork(helper, 'co-yeu');
      for (let tick = 0; tick < 5; tick += 1) {
        await new Promise((resolve) => setTimeout(resolve, WATCHDOG_MS));
        assert.deepEqual((await linkAndRouteState(lab)).upZoneLinks, [cipher], `round ${round}, tick ${tick}: only the cipher link up`);
      }
    }
    assert.deepEqual(alerts, [], 'the helper\'s own link changes raise no watchdog alert');
  });
});
