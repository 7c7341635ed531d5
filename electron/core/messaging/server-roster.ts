/**
 * The file the cipher officer keeps (docs/messaging.md "The officer's server file"):
 * `airlock-messaging-server/1`, the server's settings and its officials' public NKEYs and devices.
 * The nats-server configuration is generated from it (natsServerConfig) and never edited by hand,
 * so a permission is defined in one place. It holds no seed.
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { natsServerConfig, type MessagingUser, type ServerConfigSpec } from './server-config.js';
import { isMessagingId } from './subjects.js';

export const ROSTER_FORMAT = 'airlock-messaging-server/1';

const Id = z.string().refine(isMessagingId, 'a lower-case id: letters, digits, "-"');
/** A user's public NKEY (never a seed `SU…`, never a server or account key). */
const PublicUserKey = z.string().regex(/^U[A-Z2-7]{55}$/);
const Port = z.number().int().min(1).max(65535);
/** A file path, relative to the roster's folder or absolute. */
const FilePath = z.string().min(1).max(4096);
/** nats-server's server and cluster names: one token, no spaces (the server refuses them). */
const Name = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
const User = z.strictObject({
  id: Id,
  nkey: PublicUserKey,
  devices: z
    .array(Id)
    .min(1)
    .refine((devices) => new Set(devices).size === devices.length, 'a device listed twice'),
});
const Server = z.strictObject({
  serverName: Name,
  host: z.string().min(1).max(253),
  port: Port,
  storeDir: FilePath,
  tls: z.strictObject({ certFile: FilePath, keyFile: FilePath, caFile: FilePath }),
  adminNkey: PublicUserKey,
  cluster: z.strictObject({ name: Name, host: z.string().min(1).max(253), port: Port, routes: z.array(z.string().regex(/^nats-route:\/\/[^\s/:]+:\d{1,5}$/)).max(64) }).optional(),
  maxFileStore: z.number().int().positive().optional(),
});
const Roster = z
  .strictObject({
    format: z.literal(ROSTER_FORMAT),
    /** The nats-server configuration written from this file; relative to this file's folder. */
    confFile: FilePath,
    /** The server's pid file (also written into the configuration), for `nats-server --signal reload=`. */
    pidFile: FilePath,
    server: Server,
    users: z.array(User),
  })
  // One entry per official, one official per key, and the administrator's key no official's: the
  // server would take a key listed twice as one login with the first entry's permissions.
  .superRefine((roster, context) => {
    const ids = roster.users.map((user) => user.id);
    if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', message: 'an official listed twice', path: ['users'] });
    const keys = [roster.server.adminNkey, ...roster.users.map((user) => user.nkey)];
    if (new Set(keys).size !== keys.length) context.addIssue({ code: 'custom', message: 'an NKEY listed twice (two officials, or an official and the administrator)', path: ['users'] });
  });
export type ServerRoster = z.infer<typeof Roster>;

export class RosterError extends Error {
  constructor(
    readonly problem: 'unreadable' | 'userExists',
    message: string,
  ) {
    super(message);
    this.name = 'RosterError';
  }
}

export function parseRoster(text: string): ServerRoster {
  try {
    return Roster.parse(JSON.parse(text));
  } catch (error) {
    throw new RosterError('unreadable', `not an ${ROSTER_FORMAT} file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Adds an official (the NKEY is new, made for this hand-over). An official already listed is an
 * error unless `replace`: then the new key replaces the old one — every earlier hand-over of that
 * official stops working at the next reload — and the device joins the official's devices.
 */
export function addUser(roster: ServerRoster, user: { readonly id: string; readonly nkey: string; readonly device: string }, replace: boolean): ServerRoster {
  const existing = roster.users.find((listed) => listed.id === user.id);
  if (existing !== undefined && !replace) {
    throw new RosterError('userExists', `${user.id} is already listed (devices ${existing.devices.join(', ')}); --replace issues a new key and the old hand-overs stop working`);
  }
  const devices = [...new Set([...(existing?.devices ?? []), user.device])];
  const entry = { id: user.id, nkey: user.nkey, devices };
  return { ...roster, users: existing === undefined ? [...roster.users, entry] : roster.users.map((listed) => (listed.id === user.id ? entry : listed)) };
}

/** The nats-server spec, paths resolved against the roster's folder. */
export function serverSpecOf(roster: ServerRoster, rosterFile: string): ServerConfigSpec {
  const at = (file: string) => path.resolve(path.dirname(rosterFile), file);
  const users: MessagingUser[] = roster.users.map((user) => ({ id: user.id, nkey: user.nkey, devices: user.devices }));
  const { cluster, maxFileStore, ...server } = roster.server;
  return {
    ...server,
    storeDir: at(server.storeDir),
    tls: { certFile: at(server.tls.certFile), keyFile: at(server.tls.keyFile), caFile: at(server.tls.caFile) },
    pidFile: at(roster.pidFile),
    users,
    ...(cluster === undefined ? {} : { cluster }),
    ...(maxFileStore === undefined ? {} : { maxFileStore }),
  };
}

/** Writes the roster and the configuration generated from it, each replaced whole (rename). */
export async function saveRoster(roster: ServerRoster, rosterFile: string): Promise<{ confFile: string; pidFile: string }> {
  const confFile = path.resolve(path.dirname(rosterFile), roster.confFile);
  const spec = serverSpecOf(roster, rosterFile);
  await replaceFile(confFile, natsServerConfig(spec));
  await replaceFile(rosterFile, `${JSON.stringify(roster, null, 2)}\n`);
  return { confFile, pidFile: spec.pidFile ?? '' };
}

async function replaceFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o640 });
  await rename(temporary, file);
}
