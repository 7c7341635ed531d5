/** The nftables table Airlock owns; nothing else on the machine is touched. */
export const AIRLOCK_TABLE = 'airlock';
/** The live zone's interfaces, each element with an in-kernel timeout the helper's heartbeat renews. */
export const ZONE_LINKS_SET = 'zone_links';

type Statement = Record<string, unknown>;

const table = { family: 'inet', name: AIRLOCK_TABLE };
const inTable = { family: 'inet', table: AIRLOCK_TABLE };
const ifaceMatch = (key: 'iifname' | 'oifname', right: string): Statement => ({ match: { op: '==', left: { meta: { key } }, right } });
const leased = (interfaces: readonly string[], leaseSeconds: number): Statement[] => interfaces.map((name) => ({ elem: { val: name, timeout: leaseSeconds } }));
const element = (elem: readonly unknown[]): Statement => ({ element: { ...inTable, name: ZONE_LINKS_SET, elem } });

/**
 * One nft JSON transaction: (re)create `inet airlock` with input, output and forward chains whose
 * policy is drop, accepting only loopback and the interfaces in the set `zone_links`. Forward
 * accepts nothing, so the workstation can never route one zone into another. `add` then `delete`
 * makes the delete succeed when the table does not exist yet; the whole transaction applies
 * atomically or not at all.
 *
 * The zone's interfaces enter the set with a timeout of `leaseSeconds`: a dead-man switch. Only a
 * living helper renews it (leaseRenewal), so when the helper dies — whatever step it was in — the
 * kernel stops accepting that zone within the lease, and the drop policies stop everything.
 */
export function denyAllExcept(interfaces: readonly string[], leaseSeconds: number): unknown {
  const chain = (name: string, hook: string): Statement => ({ chain: { ...inTable, name, type: 'filter', hook, prio: -300, policy: 'drop' } });
  const accept = (name: string, key: 'iifname' | 'oifname', right: string): Statement => ({ rule: { ...inTable, chain: name, expr: [ifaceMatch(key, right), { accept: null }] } });
  return {
    nftables: [
      { add: { table } },
      { delete: { table } },
      { add: { table } },
      { add: { set: { ...inTable, name: ZONE_LINKS_SET, type: 'ifname', flags: ['timeout'] } } },
      ...(interfaces.length === 0 ? [] : [{ add: element(leased(interfaces, leaseSeconds)) }]),
      { add: chain('input', 'input') },
      { add: chain('output', 'output') },
      { add: chain('forward', 'forward') },
      { add: accept('input', 'iifname', 'lo') },
      { add: accept('output', 'oifname', 'lo') },
      { add: accept('input', 'iifname', `@${ZONE_LINKS_SET}`) },
      { add: accept('output', 'oifname', `@${ZONE_LINKS_SET}`) },
    ],
  };
}

/**
 * The heartbeat's transaction: the same interfaces with a fresh lease. Add (a no-op if present),
 * delete, add with the timeout: renews on every kernel (older ones ignore a timeout on re-add), in
 * one transaction. LinuxNetwork renews only what its last ruleset accepted, never across a change.
 */
export function leaseRenewal(interfaces: readonly string[], leaseSeconds: number): unknown {
  const names = interfaces.map((name) => ({ elem: { val: name } }));
  return { nftables: [{ add: element(names) }, { delete: element(names) }, { add: element(leased(interfaces, leaseSeconds)) }] };
}
