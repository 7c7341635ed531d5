// Zone policies for the tests, signed the way an administrator signs one: `openssl dgst` over the
// exact bytes of the JSON file (docs/zones.md "Signing a policy"), with the signer's chain beside it.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CrlCache } from '../../electron/core/certificates/revocation.js';
import { importTestCrls } from './softhsm/test-pki.js';
import { FileCrlStore } from '../../electron/platform/file-crl-store.js';
import { policyFiles } from '../../electron/core/zones/policy-loader.js';
import { spawnZoneHelper } from '../../electron/platform/node-zone-helper.js';
import { HelperClient, type ZoneHelperProcess } from '../../electron/core/zones/helper-client.js';
import { ZoneHelperSupervisor, type HelperSupervisorOptions } from '../../electron/core/zones/helper-supervisor.js';
import type { ZoneNetwork } from '../../electron/core/zones/zone-network.js';
import type { SoftHsmToken } from './softhsm-token.js';
import type { ZoneLab } from './zone-lab.js';

const root = path.resolve(import.meta.dirname, '../..');
const DAY_MS = 24 * 60 * 60 * 1000;

const NAMES: Record<string, { vi: string; en: string; colour: string; level: string; services: string[] }> = {
  'co-yeu': { vi: 'Mạng cơ yếu', en: 'Cipher network', colour: '#8b1a1a', level: 'tuyetMat', services: ['messaging', 'documents', 'directory'] },
  'van-phong': { vi: 'Mạng nội bộ cơ quan', en: 'Office LAN', colour: '#1e5aa8', level: 'mat', services: ['messaging', 'documents', 'backup', 'directory'] },
  internet: { vi: 'Mạng Internet', en: 'Internet', colour: '#2e7d32', level: 'unclassified', services: ['documents'] },
};

/** A policy for the lab's three zones; `change` edits it before it is signed. */
export function labPolicy(lab: ZoneLab, change: (policy: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const now = Date.now();
  const policy: Record<string, unknown> = {
    format: 'airlock-zone-policy/1',
    serial: 1,
    issuedAt: new Date(now - DAY_MS).toISOString(),
    validUntil: new Date(now + 30 * DAY_MS).toISOString(),
    coolDownSeconds: 0,
    otherInterfaces: 'cut',
    zones: lab.zones.map((zone) => {
      const names = NAMES[zone.id];
      if (names === undefined) throw new Error(zone.id);
      return {
        id: zone.id,
        name: { vi: names.vi, en: names.en },
        colour: names.colour,
        highestClassification: names.level,
        interfaces: [{ name: zone.interface, address: zone.address }],
        gateway: zone.gateway,
        dns: [zone.dns],
        services: names.services,
      };
    }),
    transfers: [
      { from: 'internet', to: 'van-phong', rule: 'allowed' },
      { from: 'van-phong', to: 'co-yeu', rule: 'allowed' },
      { from: 'van-phong', to: 'internet', rule: 'declassificationRecord' },
    ],
  };
  change(policy);
  return policy;
}

export type PolicySigner = 'admin' | 'adminRsa' | 'notAdmin';

/** Writes `<file>`, `<file>.sig` and `<file>.chain.pem`, signed with openssl like an administrator would. */
export async function writeSignedPolicy(token: SoftHsmToken, file: string, policy: Record<string, unknown> | string, signer: PolicySigner = 'admin'): Promise<void> {
  const paths = token.pki.paths;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof policy === 'string' ? policy : `${JSON.stringify(policy, null, 2)}\n`);
  const files = policyFiles(file);
  // notAdmin: a valid colleague certificate (the token's EC key, signing through the pkcs11 engine) without the policy-signing usage.
  const { keyArgs, cert } =
    signer === 'admin'
      ? { keyArgs: ['-sign', paths.policyAdminKey], cert: paths.policyAdminCert }
      : signer === 'adminRsa'
        ? { keyArgs: ['-sign', paths.policyAdminRsaKey, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'], cert: paths.policyAdminRsaCert }
        : { keyArgs: ['-engine', 'pkcs11', '-keyform', 'engine', '-sign', token.keys.ec.uri, '-passin', `pass:${token.userPin}`], cert: paths.ecLeafCert };
  await token.openssl(['dgst', '-sha256', ...keyArgs, '-out', files.signature, file]);
  await writeFile(files.chain, `${await readFile(cert, 'utf8')}${token.pki.intermediatePem}`);
}

/** CRLs the way the workstation keeps them: files named by issuer, imported (and so verified) first. */
export async function writeCrls(token: SoftHsmToken, dir: string): Promise<void> {
  await importTestCrls(new CrlCache(new FileCrlStore(dir)), token.pki);
}

const BUNDLED_HELPER = path.join(root, 'dist/zone-helper/airlock-zone-helper.mjs');

/** The TypeScript source through tsx, or the single file the package ships (built by `npm run build`). */
function helperCommand(bundled: boolean): [string, ...string[]] {
  if (!bundled) return [process.execPath, '--import', 'tsx', path.join(root, 'electron/zone-helper/zone-helper.ts')];
  // Fail, never skip: a test of the shipped helper that silently ran the source would prove nothing.
  if (!existsSync(BUNDLED_HELPER)) throw new Error(`${BUNDLED_HELPER} is missing: run "npm run build" (the README's test command does).`);
  return [process.execPath, BUNDLED_HELPER];
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
  const anchors = path.join(dir, 'roots.pem');
  const crlDir = path.join(dir, 'crls');
  const resolvConf = path.join(dir, 'resolv', 'resolv.conf');
  await mkdir(path.dirname(resolvConf), { recursive: true, mode: 0o755 });
  await writeFile(anchors, token.pki.rootPem);
  await writeCrls(token, crlDir);
  const configPath = path.join(dir, 'zone-helper.json');
  const stateDir = path.join(dir, 'state');
  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  const config = { policy: policyPath, anchors, crlDir, resolvConf, stateDir, netns: lab.workstation, watchdogIntervalMs: options.watchdogIntervalMs ?? 1000, carrierTimeoutMs: 5000, ...(options.acceptLeaseSeconds === undefined ? {} : { acceptLeaseSeconds: options.acceptLeaseSeconds }) };
  await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
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
