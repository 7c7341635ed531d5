// Zone policies signed the way an administrator signs one: `openssl dgst` over the exact bytes of
// the JSON file (docs/zones.md "Signing a policy"), with the signer's chain beside it; and the
// privileged helper's config. Shared by the zone tests and `npm run training`.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { policyFiles } from '../../../electron/core/zones/policy-loader.js';
import type { RunOpenSsl } from '../pki/openssl-ca.js';
import type { LabZone } from './zone-lab.js';

const root = path.resolve(import.meta.dirname, '../../..');
const DAY_MS = 24 * 60 * 60 * 1000;

const NAMES: Record<string, { vi: string; en: string; colour: string; level: string; services: string[] }> = {
  'co-yeu': { vi: 'Mạng cơ yếu', en: 'Cipher network', colour: '#8b1a1a', level: 'tuyetMat', services: ['messaging', 'documents', 'directory'] },
  'van-phong': { vi: 'Mạng nội bộ cơ quan', en: 'Office LAN', colour: '#1e5aa8', level: 'mat', services: ['messaging', 'documents', 'backup', 'directory'] },
  internet: { vi: 'Mạng Internet', en: 'Internet', colour: '#2e7d32', level: 'unclassified', services: ['documents'] },
};

/** A policy for the three zones (cipher network, office LAN, Internet); `change` edits it before it is signed. */
export function zonePolicy(zones: readonly LabZone[], change: (policy: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const now = Date.now();
  const policy: Record<string, unknown> = {
    format: 'airlock-zone-policy/1',
    serial: 1,
    issuedAt: new Date(now - DAY_MS).toISOString(),
    validUntil: new Date(now + 30 * DAY_MS).toISOString(),
    coolDownSeconds: 0,
    otherInterfaces: 'cut',
    zones: zones.map((zone) => {
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

/** Writes `<file>`, `<file>.sig` (openssl dgst -sha256 with `keyArgs`) and `<file>.chain.pem`. */
export async function writeSignedPolicyFile(openssl: RunOpenSsl, file: string, policy: Record<string, unknown> | string, keyArgs: readonly string[], chainPem: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof policy === 'string' ? policy : `${JSON.stringify(policy, null, 2)}\n`);
  const files = policyFiles(file);
  await openssl(['dgst', '-sha256', ...keyArgs, '-out', files.signature, file]);
  await writeFile(files.chain, chainPem);
}

const BUNDLED_HELPER = path.join(root, 'dist/zone-helper/airlock-zone-helper.mjs');

/** The TypeScript source through tsx, or the single file the package ships (built by `npm run build`). */
export function helperCommand(bundled: boolean): [string, ...string[]] {
  if (!bundled) return [process.execPath, '--import', 'tsx', path.join(root, 'electron/zone-helper/zone-helper.ts')];
  // Fail, never skip: a test of the shipped helper that silently ran the source would prove nothing.
  if (!existsSync(BUNDLED_HELPER)) throw new Error(`${BUNDLED_HELPER} is missing: run "npm run build" (the README's test command does).`);
  return [process.execPath, BUNDLED_HELPER];
}

export interface HelperFiles {
  readonly configPath: string;
  readonly anchors: string;
  readonly crlDir: string;
  readonly resolvConf: string;
}

/** The helper's config (policy, roots, CRL folder, resolv.conf, state, namespace), root-only; the CRLs are the caller's to put in crlDir. */
export async function writeHelperConfig(
  dir: string,
  options: { policyPath: string; anchorsPem: string; netns: string; watchdogIntervalMs?: number; acceptLeaseSeconds?: number },
): Promise<HelperFiles> {
  const anchors = path.join(dir, 'roots.pem');
  const crlDir = path.join(dir, 'crls');
  const resolvConf = path.join(dir, 'resolv', 'resolv.conf');
  await mkdir(path.dirname(resolvConf), { recursive: true, mode: 0o755 });
  await writeFile(anchors, options.anchorsPem);
  const configPath = path.join(dir, 'zone-helper.json');
  const stateDir = path.join(dir, 'state');
  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  const config = {
    policy: options.policyPath,
    anchors,
    crlDir,
    resolvConf,
    stateDir,
    netns: options.netns,
    watchdogIntervalMs: options.watchdogIntervalMs ?? 1000,
    carrierTimeoutMs: 5000,
    ...(options.acceptLeaseSeconds === undefined ? {} : { acceptLeaseSeconds: options.acceptLeaseSeconds }),
  };
  await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
  return { configPath, anchors, crlDir, resolvConf };
}
