import type { ZonePolicy } from '../../core/zones/policy-schema.js';
import type { CommandRunner } from '../linux/command-runner.js';

/**
 * NetworkManager must not drive zone devices: with autoconnect it would raise a zone link the
 * moment a cable is plugged in, behind the switch procedure's back. The helper marks every zone
 * interface unmanaged (runtime only; the packaged app also ships a conf.d file, docs/zones.md) and
 * then owns them through the Linux adapter. The watchdog still cuts anything that slips through.
 */
export function nmUnmanageCommands(policy: ZonePolicy): [string, ...string[]][] {
  return policy.zones.flatMap((zone) => zone.interfaces.map((item): [string, ...string[]] => ['nmcli', 'device', 'set', item.name, 'managed', 'no']));
}

/** The keyfile snippet that makes it permanent: `/etc/NetworkManager/conf.d/90-airlock-zones.conf`. */
export function nmUnmanagedConfig(policy: ZonePolicy): string {
  const devices = policy.zones.flatMap((zone) => zone.interfaces.map((item) => `interface-name:${item.name}`));
  return ['# Written by the Airlock zone helper: zone interfaces are switched by Airlock only.', '[keyfile]', `unmanaged-devices=${devices.join(';')}`, ''].join('\n');
}

/** Runs the commands; a machine without NetworkManager (nmcli missing or not running) needs nothing. */
export async function releaseZoneDevicesFromNetworkManager(run: CommandRunner, policy: ZonePolicy): Promise<{ unmanaged: number; skipped: boolean }> {
  let unmanaged = 0;
  for (const argv of nmUnmanageCommands(policy)) {
    try {
      await run(argv);
      unmanaged++;
    } catch (error) {
      const text = String(error);
      if (/ENOENT|not running|No such file/i.test(text)) return { unmanaged, skipped: true };
      // A device NetworkManager does not know (not plugged in) is fine: it will be unmanaged by the conf.d file.
    }
  }
  return { unmanaged, skipped: false };
}
