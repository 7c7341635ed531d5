// The app's core on a real zone helper serving the zone lab (root): what the suites that switch zones
// for real (zone-switch, timestamp-zone, messaging-zones) set up the same way.
import type { Core, CoreOptions } from '../../electron/core/core.js';
import type { HelperClient } from '../../electron/core/zones/helper-client.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import { coreApi } from './core.js';
import { importTestCrls } from './softhsm/test-pki.js';
import type { SoftHsmToken } from './softhsm-token.js';
import type { Teardown } from './teardown.js';
import { realTokenLauncher, tokenCore } from './token-core.js';
import type { ZoneLab } from './zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy, type HelperSetup } from './zone-policy.js';

/** A zone helper for `lab` with its files in `dir`, the lab's policy (edited by `change`) signed for it; stopped when the suite ends. */
export async function startLabHelper(teardown: Teardown, token: SoftHsmToken, lab: ZoneLab, dir: string, change?: (policy: Record<string, unknown>) => void): Promise<{ setup: HelperSetup; helper: HelperClient }> {
  const setup = await helperSetup(token, lab, dir);
  await writeSignedPolicy(token, setup.policyPath, labPolicy(lab, change));
  const helper = setup.start();
  teardown.defer(() => helper.stop());
  return { setup, helper };
}

/**
 * A started core (still locked) on the SoftHSM token and its test PKI, its data in `dataDir`, its zones
 * from the helper's policy and switched by that helper. The core's CRLs are imported: the policy
 * signer's revocation status must be known (fail closed otherwise). `beforeStart` sees the core before
 * it starts (to subscribe to its events from the first); stopped when the suite ends.
 */
export async function startZoneCore(
  teardown: Teardown,
  token: SoftHsmToken,
  dataDir: string,
  zones: { setup: HelperSetup; helper: HelperClient },
  extra: { messaging?: CoreOptions['messaging']; beforeStart?: (core: Core) => void } = {},
): Promise<{ core: Core; api: AirlockApi }> {
  const { core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], {
    dataDir,
    anchors: [token.pki.rootPem],
    intermediates: [token.pki.intermediatePem],
    zones: { policyPath: zones.setup.policyPath, helper: zones.helper },
    ...(extra.messaging === undefined ? {} : { messaging: extra.messaging }),
  });
  teardown.defer(() => core.stop());
  extra.beforeStart?.(core);
  await importTestCrls(core.services.crls, token.pki);
  await core.start();
  return { core, api: coreApi(core) };
}
