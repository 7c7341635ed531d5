// STAND-IN for the privileged zone helper, for tests whose subject is not the network: every
// network step succeeds and changes nothing, so the zone switch (signed policy, token, PIN, the
// zone's own sealed store) is the real one. The zone lab tests prove the network side.
import type { ZoneNetwork } from '../../electron/core/zones/zone-network.js';
import type { ZoneHelperPort } from '../../electron/core/zones/zone-service.js';

export function standInHelper(): ZoneHelperPort {
  const done = () => Promise.resolve();
  const network: ZoneNetwork = { killSockets: () => Promise.resolve(0), firewall: done, linksDown: done, targetUp: done, route: done, dns: done, verify: done, isolate: done };
  return {
    ...network,
    onAlert: () => () => undefined,
    onStopped: () => () => undefined,
    reload: () => Promise.resolve({ policy: { state: 'loaded' as const } }),
    pinned: () => ({ ...network, running: true }),
  };
}

/** The training kit's three zones on addresses no test reaches (the stand-in helper changes nothing). */
export const STAND_IN_ZONES = [
  { id: 'co-yeu', ns: '', interface: 'vz-coyeu', address: '10.231.1.2/24', gateway: '10.231.1.1', dns: '10.231.1.1' },
  { id: 'van-phong', ns: '', interface: 'vz-office', address: '10.231.2.2/24', gateway: '10.231.2.1', dns: '10.231.2.1' },
  { id: 'internet', ns: '', interface: 'vz-inet', address: '10.231.3.2/24', gateway: '10.231.3.1', dns: '10.231.3.1' },
];
