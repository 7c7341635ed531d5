import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZonePolicy } from '../../../electron/core/zones/policy-schema.js';
import { ZoneStepError } from '../../../electron/core/zones/zone-network.js';
import type { CommandRunner } from '../../../electron/zone-helper/linux/command-runner.js';
import { denyAllExcept } from '../../../electron/zone-helper/linux/nft-ruleset.js';
import { nmUnmanageCommands, nmUnmanagedConfig, releaseZoneDevicesFromNetworkManager } from '../../../electron/zone-helper/networkmanager/nm-guard.js';
import { powershellArgv, psQuote } from '../../../electron/zone-helper/windows/powershell.js';
import { firewallScript, WindowsNetwork } from '../../../electron/zone-helper/windows/windows-network.js';

const policy = ZonePolicy.parse({
  format: 'airlock-zone-policy/1',
  serial: 1,
  issuedAt: '2026-01-01T00:00:00Z',
  validUntil: '2027-01-01T00:00:00Z',
  coolDownSeconds: 30,
  otherInterfaces: 'cut',
  zones: [
    { id: 'co-yeu', name: { vi: 'Mạng cơ yếu', en: 'Cipher' }, colour: '#8b1a1a', highestClassification: 'tuyetMat', interfaces: [{ name: 'Ethernet2', address: '192.0.2.2/24' }], gateway: '192.0.2.1', dns: ['192.0.2.53'], services: [] },
    { id: 'internet', name: { vi: 'Internet', en: 'Internet' }, colour: '#2e7d32', highestClassification: 'unclassified', interfaces: [{ name: 'Wi-Fi', address: '203.0.113.2/24' }], gateway: '203.0.113.1', dns: ['203.0.113.53', '203.0.113.54'], services: [] },
  ],
  transfers: [],
});

/** Records every argv and answers from a script, like the tools would: Windows itself is not on this machine. */
function recordingRunner(answer: (script: string) => string = () => ''): { run: CommandRunner; scripts: string[]; argvs: string[][] } {
  const scripts: string[] = [];
  const argvs: string[][] = [];
  return {
    scripts,
    argvs,
    run: (argv) => {
      argvs.push([...argv]);
      const script = argv.at(-1) ?? '';
      scripts.push(script);
      return Promise.resolve({ stdout: answer(script) });
    },
  };
}

describe('OS adapters: command construction (recorded runner; the Windows adapter has not run on Windows)', () => {
  it('quotes PowerShell values as literals and runs one fixed argv without a profile', () => {
    assert.equal(psQuote("it's"), "'it''s'");
    assert.deepEqual(powershellArgv('Get-NetAdapter').slice(0, 6), ['powershell.exe', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command']);
  });

  it('Windows: takes every zone adapter down and checks that each is Disabled', async () => {
    const { run, scripts } = recordingRunner((script) => (script.includes('Get-NetAdapter') ? JSON.stringify([{ Name: 'Ethernet2', Status: 'Disabled' }, { Name: 'Wi-Fi', Status: 'Disabled' }]) : ''));
    await new WindowsNetwork(run, () => policy).linksDown();
    assert.match(scripts[0] ?? '', /Disable-NetAdapter -Name 'Ethernet2','Wi-Fi' -Confirm:\$false/);
  });

  it('Windows: an adapter that stays enabled fails the step, naming it', async () => {
    const { run } = recordingRunner((script) => (script.includes('Get-NetAdapter') ? JSON.stringify({ Name: 'Wi-Fi', Status: 'Up' }) : ''));
    await assert.rejects(new WindowsNetwork(run, () => policy).linksDown(), (error: unknown) => error instanceof ZoneStepError && error.step === 'linksDown' && /Wi-Fi/.test(error.detail));
  });

  it('Windows: brings the target up with its address, gateway and DNS servers', async () => {
    const { run, scripts } = recordingRunner();
    const network = new WindowsNetwork(run, () => policy);
    await network.targetUp('internet');
    await network.route('internet');
    await network.dns('internet');
    assert.match(scripts[0] ?? '', /Enable-NetAdapter -Name 'Wi-Fi'.*New-NetIPAddress -InterfaceAlias 'Wi-Fi' -IPAddress '203\.0\.113\.2' -PrefixLength 24/);
    assert.match(scripts[1] ?? '', /New-NetRoute -InterfaceAlias 'Wi-Fi' -DestinationPrefix '0\.0\.0\.0\/0' -NextHop '203\.0\.113\.1'/);
    assert.match(scripts[2] ?? '', /Set-DnsClientServerAddress -InterfaceAlias 'Wi-Fi' -ServerAddresses '203\.0\.113\.53','203\.0\.113\.54'/);
  });

  it('Windows: verify refuses a route through another adapter', async () => {
    const { run } = recordingRunner((script) =>
      script.includes('Get-NetAdapter')
        ? JSON.stringify([{ Name: 'Ethernet2', Status: 'Disabled' }, { Name: 'Wi-Fi', Status: 'Up' }])
        : script.includes('Get-NetRoute')
          ? JSON.stringify([{ InterfaceAlias: 'Wi-Fi', DestinationPrefix: '0.0.0.0/0' }, { InterfaceAlias: 'Ethernet2', DestinationPrefix: '192.0.2.0/24' }])
          : '',
    );
    await assert.rejects(new WindowsNetwork(run, () => policy).verify('internet'), /route outside the zone: 192\.0\.2\.0\/24 via Ethernet2/);
  });

  it('Windows: verify refuses a DNS server outside the zone, and passes when all is inside', async () => {
    const answer = (dns: object) => (script: string) =>
      script.includes('Get-NetAdapter')
        ? JSON.stringify([{ Name: 'Ethernet2', Status: 'Disabled' }, { Name: 'Wi-Fi', Status: 'Up' }])
        : script.includes('Get-NetRoute')
          ? JSON.stringify({ InterfaceAlias: 'Wi-Fi', DestinationPrefix: '0.0.0.0/0' })
          : script.includes('Get-DnsClientServerAddress')
            ? JSON.stringify(dns)
            : '';
    await assert.rejects(new WindowsNetwork(recordingRunner(answer({ InterfaceAlias: 'Wi-Fi', ServerAddresses: ['192.0.2.53'] })).run, () => policy).verify('internet'), /DNS outside the zone: Wi-Fi=192\.0\.2\.53/);
    await new WindowsNetwork(recordingRunner(answer({ InterfaceAlias: 'Wi-Fi', ServerAddresses: ['203.0.113.53'] })).run, () => policy).verify('internet');
  });

  it('Windows: the firewall blocks by default and allows only the zone adapters, in its own rule group', () => {
    const script = firewallScript(['Wi-Fi']);
    assert.match(script, /^Remove-NetFirewallRule -Group 'Airlock zones'/);
    assert.match(script, /DefaultInboundAction Block -DefaultOutboundAction Block/);
    assert.equal((script.match(/New-NetFirewallRule/g) ?? []).length, 2);
    assert.equal((firewallScript([]).match(/New-NetFirewallRule/g) ?? []).length, 0);
  });

  it('Windows: refuses every step without a verified policy', async () => {
    const { run, scripts } = recordingRunner();
    await assert.rejects(new WindowsNetwork(run, () => undefined).targetUp('internet'), /no verified zone policy/);
    assert.deepEqual(scripts, []);
  });

  it('NetworkManager: marks every zone device unmanaged (runtime and conf.d)', async () => {
    assert.deepEqual(nmUnmanageCommands(policy), [
      ['nmcli', 'device', 'set', 'Ethernet2', 'managed', 'no'],
      ['nmcli', 'device', 'set', 'Wi-Fi', 'managed', 'no'],
    ]);
    assert.match(nmUnmanagedConfig(policy), /^unmanaged-devices=interface-name:Ethernet2;interface-name:Wi-Fi$/m);
    const { run, argvs } = recordingRunner();
    assert.deepEqual(await releaseZoneDevicesFromNetworkManager(run, policy), { unmanaged: 2, skipped: false });
    assert.equal(argvs.length, 2);
    const missing: CommandRunner = () => Promise.reject(new Error('spawn nmcli ENOENT'));
    assert.deepEqual(await releaseZoneDevicesFromNetworkManager(missing, policy), { unmanaged: 0, skipped: true });
  });

  it('nftables: one atomic transaction, drop policies, only loopback and the zone accepted', () => {
    const ruleset = denyAllExcept(['zinet0'], 3) as { nftables: Record<string, Record<string, { policy?: string; expr?: unknown }>>[] };
    const chains = ruleset.nftables.flatMap((item) => (item.add?.chain === undefined ? [] : [item.add.chain]));
    assert.deepEqual(chains.map((chain) => chain.policy), ['drop', 'drop', 'drop']);
    assert.match(JSON.stringify(ruleset), /"right":"lo"/);
    assert.match(JSON.stringify(ruleset), /"right":"@zone_links"/);
    // The zone is accepted only on a lease the helper's heartbeat renews: a dead helper's accept expires.
    assert.match(JSON.stringify(ruleset), /\{"elem":\{"val":"zinet0","timeout":3\}\}/);
  });
});
