import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The helper's configuration: where the policy, the pinned roots and the CRLs are, which resolver
 * file to write. Read from a root-owned file only: whoever starts the helper (the unprivileged app)
 * cannot point it at a policy or a root of their choosing.
 */
export const HelperConfig = z.strictObject({
  policy: z.string().min(1),
  anchors: z.string().min(1),
  intermediates: z.string().min(1).optional(),
  crlDir: z.string().min(1).optional(),
  resolvConf: z.string().min(1),
  /** Root-owned folder for what must survive a restart: the highest policy serial accepted (rollback floor). */
  stateDir: z.string().min(1).optional(),
  watchdogIntervalMs: z.number().int().min(100).max(60_000).default(1000),
  carrierTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** The firewall's accept of the live zone expires this long after the helper stops renewing it (renewed every third of it). */
  acceptLeaseSeconds: z.number().int().min(2).max(60).default(3),
  /** Tests only: run every command inside this network namespace. */
  netns: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
});
export type HelperConfig = z.infer<typeof HelperConfig>;

/** Owned by root and writable by no one else, as is every folder above it. */
export function assertRootOwned(file: string): void {
  let current = path.resolve(file);
  for (;;) {
    const stat = statSync(current);
    if (stat.uid !== 0) throw new Error(`${current} is not owned by root`);
    // Sticky, world-writable folders (/tmp) are allowed above: others cannot replace root's entries there.
    const sticky = (stat.mode & 0o1000) !== 0;
    if ((stat.mode & 0o022) !== 0 && !(stat.isDirectory() && sticky)) throw new Error(`${current} is writable by others than root`);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

export function readHelperConfig(file: string): HelperConfig {
  assertRootOwned(file);
  const config = HelperConfig.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const item of [config.policy, config.anchors, config.intermediates].filter((entry) => entry !== undefined)) assertRootOwned(item);
  // Root writes a temporary file beside the resolver file: in a folder others can write, a planted symlink would redirect it.
  assertRootOwned(path.dirname(config.resolvConf));
  if (config.stateDir !== undefined) assertRootOwned(config.stateDir);
  return config;
}
