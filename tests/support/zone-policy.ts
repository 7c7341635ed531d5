// Zone policies for the tests, signed the way an administrator signs one: `openssl dgst` over the
// exact bytes of the JSON file (docs/zones.md "Signing a policy"), with the signer's chain beside it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CrlCache } from '../../electron/core/certificates/revocation.js';
import { importTestCrls } from './softhsm/test-pki.js';
import { FileCrlStore } from '../../electron/platform/file-crl-store.js';
import { helperCommand, writeHelperConfig, writeSignedPolicyFile, zonePolicy } from '../../tools/training-kit/zones/zone-policy.js';
import { spawnZoneHelper } from '../../electron/platform/node-zone-helper.js';
import { HelperClient, type ZoneHelperProcess } from '../../electron/core/zones/helper-client.js';
import { ZoneHelperSupervisor, type HelperSupervisorOptions } from '../../electron/core/zones/helper-supervisor.js';
import type { ZoneNetwork } from '../../electron/core/zones/zone-network.js';
import type { SoftHsmToken } from './softhsm-token.js';
import type { ZoneLab } from './zone-lab.js';

/** A policy for the lab's three zones; `change` edits it before it is signed. */
export function labPolicy(lab: ZoneLab, change: (policy: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  return zonePolicy(lab.zones, change);
}

export type PolicySigner = 'admin' | 'adminRsa' | 'notAdmin';

/** Writes `<file>`, `<file>.sig` and `<file>.chain.pem`, signed with openssl like an administrator would. */
export async function writeSignedPolicy(token: SoftHsmToken, file: string, policy: Record<string, unknown> | string, signer: PolicySigner = 'admin'): Promise<void> {
  const paths = token.pki.paths;
  // notAdmin: a valid colleague certificate (the token's EC key, signing through the pkcs11 engine) without the policy-signing usage.
  const { keyArgs, cert } =
    signer === 'admin'
      ? { keyArgs: ['-sign', paths.policyAdminKey], cert: paths.policyAdminCert }
      : signer === 'adminRsa'
        ? { keyArgs: ['-sign', paths.policyAdminRsaKey, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'], cert: paths.policyAdminRsaCert }
        : { keyArgs: ['-engine', 'pkcs11', '-keyform', 'engine', '-sign', token.keys.ec.uri, '-passin', `pass:${token.userPin}`], cert: paths.ecLeafCert };
  await writeSignedPolicyFile(token.openssl, file, policy, keyArgs, `${await readFile(cert, 'utf8')}${token.pki.intermediatePem}`);
}

/** CRLs the way the workstation keeps them: files named by issuer, imported (and so verified) first. */
export async function writeCrls(token: SoftHsmToken, dir: string): Promise<void> {
  await importTestCrls(new CrlCache(new FileCrlStore(dir)), token.pki);
}

export interface HelperSetup {
  readonly dir: string;
  readonly policyPath: string;
  readonly configPath: string;
  readonly resolvConf: string;
  readonly crlDir: string;
  start(spawned?: (process: ZoneHelperProcess) => void): HelperClient;
  /** The app's way: a supervisor restarting the helper; `spawned` sees every process it starts (to kill it, to find its children). */
  supervise(options?: Omit<HelperSupervisorOptions, 'spawn'>, spawned?: (process: ZoneHelperProcess) => void): ZoneHelperSupervisor;
}

/** Config, trust files and CRLs for a helper serving `lab`; the policy file is the caller's to write. */
export async function helperSetup(token: SoftHsmToken, lab: ZoneLab, dir: string, options: { watchdogIntervalMs?: number; bundled?: boolean; acceptLeaseSeconds?: number } = {}): Promise<HelperSetup> {
  const policyPath = path.join(dir, 'policy', 'zones.policy.json');
  const { configPath, crlDir, resolvConf } = await writeHelperConfig(dir, {
    policyPath,
    anchorsPem: token.pki.rootPem,
    netns: lab.workstation,
    ...(options.watchdogIntervalMs === undefined ? {} : { watchdogIntervalMs: options.watchdogIntervalMs }),
    ...(options.acceptLeaseSeconds === undefined ? {} : { acceptLeaseSeconds: options.acceptLeaseSeconds }),
  });
  await writeCrls(token, crlDir);
  const spawnSeen = (spawned: ((process: ZoneHelperProcess) => void) | undefined): ZoneHelperProcess => {
    const helper = spawnZoneHelper([...helperCommand(options.bundled === true), '--config', configPath]);
    spawned?.(helper);
    return helper;
  };
  return {
    dir,
    policyPath,
    configPath,
    resolvConf,
    crlDir,
    start: (spawned) => new HelperClient(spawnSeen(spawned)),
    supervise: (supervisorOptions = {}, spawned) => new ZoneHelperSupervisor({ ...supervisorOptions, spawn: () => spawnSeen(spawned) }).start(),
  };
}

/** The network half of a switch, in the order the zone service runs it (the helper alone, no app). */
export async function switchNetwork(helper: ZoneNetwork, zone: string): Promise<void> {
  await helper.killSockets();
  await helper.firewall(zone);
  await helper.linksDown();
  await helper.targetUp(zone);
  await helper.route(zone);
  await helper.dns(zone);
  await helper.verify(zone);
}
