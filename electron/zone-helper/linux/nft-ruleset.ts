/** The nftables table Airlock owns; nothing else on the machine is touched. */
export const AIRLOCK_TABLE = 'airlock';

type Statement = Record<string, unknown>;

const ifaceMatch = (key: 'iifname' | 'oifname', names: readonly string[]): Statement => ({
  match: { op: '==', left: { meta: { key } }, right: names.length === 1 ? names[0] : { set: [...names] } },
});

/**
 * One nft JSON transaction: (re)create `inet airlock` with input, output and forward chains whose
 * policy is drop, accepting only loopback and the allowed interfaces. Forward accepts nothing, so
 * the workstation can never route one zone into another. `add` then `delete` makes the delete
 * succeed when the table does not exist yet; the whole transaction applies atomically or not at all.
 */
export function denyAllExcept(interfaces: readonly string[]): unknown {
  const table = { family: 'inet', name: AIRLOCK_TABLE };
  const inTable = { family: 'inet', table: AIRLOCK_TABLE };
  const chain = (name: string, hook: string): Statement => ({ chain: { ...inTable, name, type: 'filter', hook, prio: -300, policy: 'drop' } });
  const accept = (name: string, key: 'iifname' | 'oifname', names: readonly string[]): Statement => ({
    rule: { ...inTable, chain: name, expr: [ifaceMatch(key, names), { accept: null }] },
  });
  const allowed = ['lo', ...interfaces];
  return {
    nftables: [
      { add: { table } },
      { delete: { table } },
      { add: { table } },
      { add: chain('input', 'input') },
      { add: chain('output', 'output') },
      { add: chain('forward', 'forward') },
      { add: accept('input', 'iifname', allowed) },
      { add: accept('output', 'oifname', allowed) },
    ],
  };
}
