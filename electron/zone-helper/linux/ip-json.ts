import { z } from 'zod';

// The parts of iproute2's JSON output (`ip -j`) the adapter reads. Loose objects: iproute2 adds
// fields between versions, and a field we do not read must not break the checks.

const Link = z.looseObject({
  ifname: z.string(),
  flags: z.array(z.string()).default([]),
  operstate: z.string().default('UNKNOWN'),
  link_type: z.string().optional(),
});
export const Links = z.array(Link);
export type Link = z.infer<typeof Link>;

const AddressInfo = z.looseObject({ family: z.string(), local: z.string(), prefixlen: z.number() });
export const Addresses = z.array(z.looseObject({ ifname: z.string(), addr_info: z.array(AddressInfo).default([]) }));

const Route = z.looseObject({ dst: z.string().optional(), dev: z.string().optional(), gateway: z.string().optional(), table: z.string().optional(), type: z.string().optional() });
export const Routes = z.array(Route);
export type Route = z.infer<typeof Route>;

/** The administrative flag (`ip link set up`), not the carrier: a link with UP set is live or about to be. */
export const isAdminUp = (link: Link): boolean => link.flags.includes('UP');
export const isOperUp = (link: Link): boolean => link.operstate === 'UP';
export const isLoopback = (link: Link): boolean => link.link_type === 'loopback' || link.flags.includes('LOOPBACK');

export function parseIpJson<T>(schema: z.ZodType<T>, stdout: string): T {
  // `ip -j` prints nothing at all (not "[]") for an empty table.
  return schema.parse(stdout.trim() === '' ? [] : JSON.parse(stdout));
}
