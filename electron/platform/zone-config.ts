import { ZoneHelperSupervisor } from '../core/zones/helper-supervisor.js';
import { spawnZoneHelper } from './node-zone-helper.js';

/** Where the packaged app finds the signed policy (docs/zones.md "Installing"). */
export const DEFAULT_POLICY_PATH = '/etc/airlock/zones.policy.json';
/** The installed helper, started through polkit (docs/zones.md): the app itself never runs as root. */
export const PACKAGED_HELPER_ARGV: [string, ...string[]] = ['pkexec', '/usr/lib/airlock/airlock-zone-helper'];

/**
 * `AIRLOCK_ZONE_POLICY` names the policy file (default above). `AIRLOCK_ZONE_HELPER` is the helper's
 * argv as a JSON array; unset, the packaged Linux app uses pkexec and a development run has no
 * helper — then the Zones screen shows the policy but no zone can be activated (fail closed).
 * The supervisor restarts a helper that dies through that same argv, never another.
 */
export function zonesFromEnvironment(env: NodeJS.ProcessEnv, options: { packagedLinux: boolean }): { policyPath: string; helper?: ZoneHelperSupervisor } {
  const policyPath = env['AIRLOCK_ZONE_POLICY'] ?? DEFAULT_POLICY_PATH;
  return zonesFrom(policyPath, helperArgv(env['AIRLOCK_ZONE_HELPER']) ?? (options.packagedLinux ? PACKAGED_HELPER_ARGV : undefined));
}

/** The policy file and, when there is one, a supervised helper started through `argv`. */
export function zonesFrom(policyPath: string, argv: readonly [string, ...string[]] | undefined): { policyPath: string; helper?: ZoneHelperSupervisor } {
  if (argv === undefined) return { policyPath };
  const helper = new ZoneHelperSupervisor({ spawn: () => spawnZoneHelper(argv), log: (message) => process.stderr.write(`${message}\n`) });
  return { policyPath, helper: helper.start() };
}

function helperArgv(value: string | undefined): [string, ...string[]] | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((item) => typeof item === 'string')) throw new Error('AIRLOCK_ZONE_HELPER must be a JSON array of strings (the helper argv).');
  return parsed as [string, ...string[]];
}
