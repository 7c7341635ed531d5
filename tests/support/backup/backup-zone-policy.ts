// A zone policy (unsigned, as the schema sees it) with zones of given ceilings and the backup targets given.
export function zonePolicyWith(zones: Readonly<Record<string, string>>, backupTargets?: readonly unknown[]): Record<string, unknown> {
  return {
    format: 'airlock-zone-policy/1',
    serial: 1,
    issuedAt: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    coolDownSeconds: 30,
    otherInterfaces: 'cut',
    zones: Object.entries(zones).map(([id, highestClassification], index) => ({
      id,
      name: { vi: id, en: id },
      colour: '#445566',
      highestClassification,
      interfaces: [{ name: `eth${index}`, address: `192.0.2.${index + 2}/24` }],
      dns: [],
      services: [],
    })),
    transfers: [],
    ...(backupTargets === undefined ? {} : { backupTargets }),
  };
}
