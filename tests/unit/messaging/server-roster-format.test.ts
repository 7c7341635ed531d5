// The officer's server file's vectors (docs/messaging.md "The officer's server file"): the valid
// files parse and generate exactly the nats-server configuration beside them; each near miss is
// refused as unreadable (the command's exit 7) before anything is written. Test-only public keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { natsServerConfig } from '../../../electron/core/messaging/server-config.js';
import { parseRoster, RosterError, serverSpecOf } from '../../../electron/core/messaging/server-roster.js';

const dir = path.resolve(import.meta.dirname, '../../vectors/messaging-server');
const text = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
/** The generated configuration names absolute paths: the vector writes the roster's folder as this placeholder. */
const ROSTER_DIR = '@ROSTER_DIR@';

const refused = (error: unknown): boolean => error instanceof RosterError && error.problem === 'unreadable' && error.message.startsWith('not an airlock-messaging-server/1 file');

describe('airlock-messaging-server/1', () => {
  it('parses valid.json to the same object, and generates exactly valid.nats.json from it', () => {
    const roster = parseRoster(text('valid.json'));
    assert.deepEqual(roster, JSON.parse(text('valid.json')));
    assert.deepEqual(roster.users.map((user) => [user.id, user.devices]), [
      ['3f6c0a5e9b2d4c1e8a7f60b5d4c3b2a1', ['may-01', 'may-02']],
      ['binh', ['pc1']],
    ]);
    const generated = natsServerConfig(serverSpecOf(roster, path.join(dir, 'valid.json')));
    assert.equal(generated.split(dir).join(ROSTER_DIR), text('valid.nats.json'));
  });

  it('parses valid-minimal.json (one server, no official yet): the configuration has the administrator only and no cluster', () => {
    const roster = parseRoster(text('valid-minimal.json'));
    const config = JSON.parse(natsServerConfig(serverSpecOf(roster, path.join(dir, 'valid-minimal.json')))) as { cluster?: unknown; accounts: { AIRLOCK: { users: { nkey: string }[] } }; jetstream: { store_dir: string }; pid_file: string };
    assert.equal(config.cluster, undefined);
    assert.deepEqual(config.accounts.AIRLOCK.users.map((user) => user.nkey), [roster.server.adminNkey]);
    assert.equal(config.jetstream.store_dir, '/var/lib/nats/jetstream', 'an absolute path is kept');
    assert.equal(config.pid_file, path.join(dir, 'nats.pid'), 'a relative path is taken from the file’s folder');
  });

  for (const name of [
    'wrong-format.json',
    'extra-field.json',
    'seed-in-file.json',
    'official-twice.json',
    'key-twice.json',
    'admin-key-as-official.json',
    'not-a-user-key.json',
    'no-device.json',
    'device-twice.json',
    'bad-id.json',
    'bad-server-name.json',
    'bad-cluster-port.json',
    'bad-route.json',
    'empty-path.json',
  ]) {
    it(`refuses ${name}`, () => {
      assert.throws(() => parseRoster(text(name)), refused);
    });
  }

  it('refuses text that is not JSON', () => {
    assert.throws(() => parseRoster('format: airlock-messaging-server/1'), refused);
  });
});
