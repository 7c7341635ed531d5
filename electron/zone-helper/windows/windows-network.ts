import type { ZoneId } from '../../../shared/domain/zone.js';
import type { ZoneDefinition, ZonePolicy } from '../../core/zones/policy-schema.js';
import { ZoneStepError, type NetworkStep, type ZoneNetwork } from '../../core/zones/zone-network.js';
import { CommandFailed, type CommandRunner } from '../linux/command-runner.js';
import { powershellArgv, psList, psQuote } from './powershell.js';

/** The Windows Firewall rule group Airlock owns; nothing else is touched. */
const RULE_GROUP = 'Airlock zones';

interface RouteRow {
  readonly InterfaceAlias: string;
  readonly DestinationPrefix: string;
}
interface DnsRow {
  readonly InterfaceAlias: string;
  readonly ServerAddresses: readonly string[];
}
interface AdapterRow {
  readonly Name: string;
  readonly Status: string;
}

/**
 * The Windows adapter: NetAdapter, NetTCPIP, DnsClient and NetSecurity cmdlets through
 * PowerShell, JSON output parsed. Same steps and checks as the Linux adapter; runs in the helper
 * service (LocalSystem). Its command construction is unit-tested here; it has not run on Windows.
 */
export class WindowsNetwork implements ZoneNetwork {
  constructor(
    private readonly run: CommandRunner,
    private readonly policy: () => ZonePolicy | undefined,
  ) {}

  async killSockets(): Promise<number> {
    const addresses = this.#all('killSockets').flatMap((zone) => zone.interfaces.map((item) => item.address.split('/')[0] ?? ''));
    // Windows cannot destroy another process's TCP connection from outside; resetting the owning
    // connections is done by disabling the adapter (linksDown). Here we count what is still open.
    const out = await this.#ps('killSockets', `@(Get-NetTCPConnection -LocalAddress ${psList(addresses)} -ErrorAction SilentlyContinue).Count`);
    return Number.parseInt(out.trim() || '0', 10) || 0;
  }

  async firewall(allow: ZoneId | null): Promise<void> {
    const names = allow === null ? [] : this.#zone('firewall', allow).interfaces.map((item) => item.name);
    await this.#ps('firewall', firewallScript(names));
  }

  async linksDown(): Promise<void> {
    const names = this.#all('linksDown').flatMap((zone) => zone.interfaces.map((item) => item.name));
    await this.#ps('linksDown', `Disable-NetAdapter -Name ${psList(names)} -Confirm:$false`);
    const rows = await this.#adapters('linksDown', names);
    const up = rows.filter((row) => row.Status !== 'Disabled');
    if (up.length > 0) throw new ZoneStepError('linksDown', `still enabled: ${up.map((row) => row.Name).join(', ')}`);
  }

  async targetUp(zone: ZoneId): Promise<void> {
    const definition = this.#zone('targetUp', zone);
    for (const item of definition.interfaces) {
      const [address, prefix] = item.address.split('/');
      await this.#ps('targetUp', `Enable-NetAdapter -Name ${psQuote(item.name)} -Confirm:$false; Remove-NetIPAddress -InterfaceAlias ${psQuote(item.name)} -AddressFamily IPv4 -Confirm:$false -ErrorAction SilentlyContinue; New-NetIPAddress -InterfaceAlias ${psQuote(item.name)} -IPAddress ${psQuote(address ?? '')} -PrefixLength ${Number(prefix)} | Out-Null`);
    }
  }

  async route(zone: ZoneId): Promise<void> {
    const definition = this.#zone('route', zone);
    const first = definition.interfaces[0];
    if (definition.gateway === undefined || first === undefined) return;
    await this.#ps('route', `New-NetRoute -InterfaceAlias ${psQuote(first.name)} -DestinationPrefix '0.0.0.0/0' -NextHop ${psQuote(definition.gateway)} | Out-Null`);
  }

  async dns(zone: ZoneId): Promise<void> {
    const definition = this.#zone('dns', zone);
    for (const item of definition.interfaces) await this.#ps('dns', `Set-DnsClientServerAddress -InterfaceAlias ${psQuote(item.name)} -ServerAddresses ${psList(definition.dns)}`);
  }

  async verify(zone: ZoneId): Promise<void> {
    const definition = this.#zone('verify', zone);
    const own = new Set(definition.interfaces.map((item) => item.name));
    const all = this.#all('verify').flatMap((item) => item.interfaces.map((entry) => entry.name));
    const adapters = await this.#adapters('verify', all);
    const wrong = adapters.filter((row) => (own.has(row.Name) ? row.Status !== 'Up' : row.Status !== 'Disabled'));
    if (wrong.length > 0) throw new ZoneStepError('verify', `adapters: ${wrong.map((row) => `${row.Name}=${row.Status}`).join(', ')}`);
    const routes = parseJsonRows<RouteRow>(await this.#ps('verify', "Get-NetRoute -AddressFamily IPv4 | Where-Object { $_.InterfaceAlias -notlike 'Loopback*' } | Select-Object InterfaceAlias,DestinationPrefix | ConvertTo-Json -Compress"));
    const foreign = routes.filter((route) => !own.has(route.InterfaceAlias));
    if (foreign.length > 0) throw new ZoneStepError('verify', `route outside the zone: ${foreign.map((route) => `${route.DestinationPrefix} via ${route.InterfaceAlias}`).join(', ')}`);
    const servers = parseJsonRows<DnsRow>(await this.#ps('verify', "Get-DnsClientServerAddress -AddressFamily IPv4 | Where-Object { $_.ServerAddresses.Count -gt 0 } | Select-Object InterfaceAlias,ServerAddresses | ConvertTo-Json -Compress"));
    const strays = servers.filter((row) => !own.has(row.InterfaceAlias) || row.ServerAddresses.some((server) => !definition.dns.includes(server)));
    if (strays.length > 0) throw new ZoneStepError('verify', `DNS outside the zone: ${strays.map((row) => `${row.InterfaceAlias}=${row.ServerAddresses.join('/')}`).join(', ')}`);
  }

  async isolate(): Promise<void> {
    const failures: string[] = [];
    await this.firewall(null).catch((error: unknown) => failures.push(String(error)));
    await this.linksDown().catch((error: unknown) => failures.push(String(error)));
    if (failures.length > 0) throw new ZoneStepError('linksDown', failures.join('; '));
  }

  async #adapters(step: NetworkStep, names: readonly string[]): Promise<AdapterRow[]> {
    return parseJsonRows<AdapterRow>(await this.#ps(step, `Get-NetAdapter -Name ${psList(names)} -ErrorAction SilentlyContinue | Select-Object Name,Status | ConvertTo-Json -Compress`));
  }

  #all(step: NetworkStep): ZoneDefinition[] {
    const policy = this.policy();
    if (policy === undefined) throw new ZoneStepError(step, 'no verified zone policy');
    return policy.zones;
  }

  #zone(step: NetworkStep, id: ZoneId): ZoneDefinition {
    const zone = this.#all(step).find((item) => item.id === id);
    if (zone === undefined) throw new ZoneStepError(step, `zone ${id} is not in the policy`);
    return zone;
  }

  async #ps(step: NetworkStep, script: string): Promise<string> {
    try {
      return (await this.run(powershellArgv(script))).stdout;
    } catch (error) {
      throw new ZoneStepError(step, error instanceof CommandFailed ? error.message : String(error));
    }
  }
}

/** Block by default in every profile; allow only loopback (implicit) and the named adapters, in Airlock's own group. */
export function firewallScript(allowed: readonly string[]): string {
  const parts = [
    `Remove-NetFirewallRule -Group ${psQuote(RULE_GROUP)} -ErrorAction SilentlyContinue`,
    'Set-NetFirewallProfile -All -Enabled True -DefaultInboundAction Block -DefaultOutboundAction Block -AllowLocalFirewallRules False',
    ...allowed.flatMap((name) => [
      `New-NetFirewallRule -Group ${psQuote(RULE_GROUP)} -DisplayName ${psQuote(`Airlock out ${name}`)} -Direction Outbound -Action Allow -InterfaceAlias ${psQuote(name)} | Out-Null`,
      `New-NetFirewallRule -Group ${psQuote(RULE_GROUP)} -DisplayName ${psQuote(`Airlock in ${name}`)} -Direction Inbound -Action Allow -InterfaceAlias ${psQuote(name)} | Out-Null`,
    ]),
  ];
  return parts.join('; ');
}

/** ConvertTo-Json prints one object (not an array) for one row, nothing for none. */
function parseJsonRows<T>(stdout: string): T[] {
  const text = stdout.trim();
  if (text === '') return [];
  const parsed = JSON.parse(text) as T | T[];
  return Array.isArray(parsed) ? parsed : [parsed];
}
