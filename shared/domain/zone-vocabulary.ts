// The zone vocabulary as plain constants: no zod here, so the renderer can import these values
// without bundling the schema library (the schemas are in zone.ts).

/**
 * The switch procedure, in the order it runs (docs/zones.md). Each step is audited before it
 * runs; a failure names its step and ends with every zone link down.
 */
export const SWITCH_STEPS = ['authorise', 'leaveZone', 'killSockets', 'firewall', 'linksDown', 'targetUp', 'route', 'dns', 'verify'] as const;
export type SwitchStep = (typeof SWITCH_STEPS)[number];

/** Why a zone policy was not accepted; with any of these no zone can be activated. */
export const POLICY_REFUSALS = [
  'missing',
  'unsigned',
  'malformed',
  'badSignature',
  'signerInvalid',
  /** The signer's chain is fine but no current revocation list (CRL) covers it: import one. */
  'crlNeeded',
  'signerNotAuthorised',
  'notYetValid',
  'expired',
  'rolledBack',
] as const;
export type PolicyRefusal = (typeof POLICY_REFUSALS)[number];

/**
 * What the watchdog did about a link it did not expect to be up; `guardStopped`: the zone helper
 * itself died, so every network was cut (the app's own alert, not the helper's).
 */
export const WATCHDOG_ACTIONS = ['cut', 'cutFailed', 'unlistedUp', 'activeLinkLost', 'guardStopped'] as const;
export type WatchdogAction = (typeof WATCHDOG_ACTIONS)[number];

/** The app's services a zone may allow; a service not listed is off in that zone. */
export const ZONE_SERVICES = ['messaging', 'documents', 'backup', 'directory'] as const;
export type ZoneService = (typeof ZONE_SERVICES)[number];
