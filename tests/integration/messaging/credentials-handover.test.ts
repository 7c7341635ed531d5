// The cipher officer's hand-over end to end (issue #15, item 1): `airlock messaging add-user` on the
// officer's SoftHSM token lists the official in the officer's server file and writes the hand-over;
// the running nats-server takes the new user at a reload (same process, no restart); the official
// imports the hand-over on their own token into a sealed store and connects with what it sealed,
// reading only their own inbox. Another official's token, a tampered file, a document that is not a
// hand-over are refused, and no file anywhere holds the seed in clear.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { createUser } from '@nats-io/nkeys';
import { connect } from '@nats-io/transport-node';
import type { AuditRecorder } from '../../../electron/core/audit-recorder.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import type { SignerTrust } from '../../../electron/core/documents/container-reader.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { isPermissionViolation } from '../../../electron/core/messaging/connection-failure.js';
import { MessagingConnection } from '../../../electron/core/messaging/connection.js';
import { importCredentials } from '../../../electron/core/messaging/credentials-import.js';
import { CREDENTIALS_MEDIA_TYPE, encodeCredentials } from '../../../electron/core/messaging/credentials-format.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { Inbox } from '../../../electron/core/messaging/inbox.js';
import { provisionInbox } from '../../../electron/core/messaging/inbox-stream.js';
import { messagingIdOf } from '../../../electron/core/messaging/messaging-address.js';
import { nkeySeedAuthenticator } from '../../../electron/core/messaging/nkey-auth.js';
import { SealedCredentialsStore } from '../../../electron/core/messaging/sealed-credentials-store.js';
import { ADMIN_REPLY_PREFIX } from '../../../electron/core/messaging/server-config.js';
import { ROSTER_FORMAT, saveRoster, type ServerRoster } from '../../../electron/core/messaging/server-roster.js';
import { attachmentBucket, attachmentStream, inboxDurable, inboxSubject } from '../../../electron/core/messaging/subjects.js';
import { Objm } from '@nats-io/obj';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { SealedStore } from '../../../electron/core/store/sealed-store.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { cliFolder, type CliFolder } from '../../support/airlock-cli.js';
import { MessagingTokenLab, type MessagingToken } from '../../support/messaging-token.js';
import { freePort, runServer, type RunningServer } from '../../support/nats/nats-server.js';
import { createServerPki, type ServerPki } from '../../support/nats/server-pki.js';
import { filesContaining } from '../../support/plaintext-scan.js';
import { importTestCrls } from '../../support/softhsm/test-pki.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const isCode = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;
const RELOAD_MS = 10_000;

/** Connected within RELOAD_MS (the server applies a reload a moment after the signal; the client retries every 250 ms). */
async function connectedSoon(connection: MessagingConnection): Promise<string> {
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve(`still ${JSON.stringify(connection.state)}`), RELOAD_MS).unref());
  return await Promise.race([connection.until((state) => state.kind === 'connected').then((state) => state.kind), timeout]);
}

describe('the cipher officer hands messaging credentials over (real SoftHSM tokens, real nats-server, real containers)', () => {
  const teardown = teardownAfterSuite();
  const labs = { officer: new MessagingTokenLab(), an: new MessagingTokenLab(), binh: new MessagingTokenLab() };
  for (const lab of Object.values(labs)) teardown.defer(() => lab.stop());
  let officer: MessagingToken;
  let an: MessagingToken;
  let binh: MessagingToken;
  let cli: CliFolder;
  let dir: string;
  let pki: ServerPki;
  let server: RunningServer;
  let rosterFile: string;
  /** The server administrator's NKEY seed, in a file as the officer keeps it (0600). */
  let adminSeedFile: string;
  let adminConnection: Awaited<ReturnType<typeof connect>>;
  const bucketExists = async (user: string): Promise<boolean> =>
    (await jetstreamManager(adminConnection)).streams.info(attachmentStream(user)).then(
      () => true,
      () => false,
    );
  let trust: SignerTrust;
  const audit: string[] = [];
  const recorder: AuditRecorder = { record: (kind, result, details) => audit.push(`${kind} ${result} ${JSON.stringify(details ?? {})}`) };
  const stores = new Map<string, SealedStore>();

  /** A zone store of the official's, unlocked with their RSA key on the token. */
  const storeOf = async (name: string, holder: TokenKeyHolder): Promise<SealedCredentialsStore> => {
    let store = stores.get(name);
    if (store === undefined) {
      store = SealedStore.create(path.join(dir, 'workstations', `${name}.db`), [{ certificateDer: holder.certificateDer, role: 'user' }]);
      await store.unlock(holder.certificateDer, holder.operations);
      stores.set(name, store);
      const opened = store;
      teardown.defer(() => opened.close());
    }
    const opened = store;
    const official = [an, binh].find((candidate) => candidate.rsa === holder);
    const ids = official === undefined ? [] : [official.rsa, official.ec].map((key) => messagingIdOf(key.certificateDer));
    return new SealedCredentialsStore(async () => opened, async () => ids);
  };
  const importAs = async (official: MessagingToken, name: string, file: string) =>
    importCredentials(file, { keys: [official.rsa, official.ec], trust, store: await storeOf(name, official.rsa), audit: recorder });
  const addUser = (official: MessagingToken, device: string, out: string, ...extra: string[]) =>
    cli.run(['messaging', 'add-user', '--cert', path.join(dir, `${official.token.serial}.pem`), '--device', device, '--config', rosterFile, '--servers', server.url, '--roots', pki.rootFile, '--out', path.join(dir, out), '--json', ...extra]);
  const connectWith = (credentials: { user: string; device: string; seed: Uint8Array; servers: readonly string[]; rootsPem: string }) => {
    const connection = new MessagingConnection({ ...credentials, retryMs: 250 });
    teardown.defer(() => connection.close());
    connection.open();
    return connection;
  };

  before(async () => {
    dir = await teardown.tempDir('airlock-handover-');
    await mkdir(path.join(dir, 'workstations'));
    [officer, an, binh] = await Promise.all([labs.officer.start(), labs.an.start(), labs.binh.start()]);
    cli = await cliFolder(officer.token);
    teardown.defer(() => import('node:fs/promises').then(({ rm }) => rm(cli.dir, { recursive: true, force: true })));
    for (const official of [an, binh]) await writeFile(path.join(dir, `${official.token.serial}.pem`), official.token.pki.rsaLeafPem);
    const crls = new CrlCache(new MemoryCrlStore());
    await importTestCrls(crls, officer.token.pki);
    trust = { anchors: TrustAnchors.load([officer.token.pki.rootPem]), intermediates: [], crls, now: () => new Date() };

    // The officer's server file, no official listed yet; the server runs on what it generates.
    pki = await createServerPki(dir);
    const admin = createUser();
    const port = await freePort();
    const roster: ServerRoster = {
      format: ROSTER_FORMAT,
      confFile: 'nats.conf',
      pidFile: 'nats.pid',
      server: { serverName: 'hub-1', host: '127.0.0.1', port, storeDir: 'jetstream', tls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.rootFile }, adminNkey: admin.getPublicKey() },
      users: [],
    };
    rosterFile = path.join(dir, 'server.json');
    const { confFile } = await saveRoster(roster, rosterFile);
    server = await runServer(teardown, confFile, 'hub-1', port);
    const adminSeed = admin.getSeed();
    const nc = await connect({ servers: [server.url], tls: { ca: pki.rootPem }, authenticator: nkeySeedAuthenticator(() => adminSeed), inboxPrefix: ADMIN_REPLY_PREFIX });
    teardown.defer(() => nc.close());
    adminConnection = nc;
    await provisionInbox(nc, { replicas: 1 });
    adminSeedFile = path.join(dir, 'admin.nk');
    await writeFile(adminSeedFile, `${Buffer.from(adminSeed).toString('ascii')}\n`, { mode: 0o600 });
  });

  it('adds An with --reload --admin-seed: the running server takes him, his attachment bucket is made, he imports the hand-over on his token, reads his own inbox and stores a file in his bucket', async () => {
    const pid = server.process?.pid;
    const added = await addUser(an, 'pc1', 'an.alc', '--reload', '--admin-seed', adminSeedFile);
    assert.equal(added.code, 0, `${added.stderr} ${JSON.stringify(added.json)}`);
    const anId = messagingIdOf(an.rsa.certificateDer);
    assert.equal(added.json?.['user'], anId);
    assert.equal(added.json?.['reloaded'], true);
    const listed = JSON.parse(await readFile(rosterFile, 'utf8')) as ServerRoster;
    assert.deepEqual(listed.users.map((user) => [user.id, user.devices, user.nkey]), [[anId, ['pc1'], added.json?.['nkey']]]);

    assert.deepEqual(await importAs(an, 'an', path.join(dir, 'an.alc')), { user: anId, servers: [server.url] });
    assert.ok(audit.some((line) => line.startsWith('messaging.credentialsImported ok') && line.includes(anId)), audit.join('\n'));
    const credentials = await (await storeOf('an', an.rsa)).load();
    assert.ok(credentials);
    const connection = connectWith(credentials);
    assert.equal(await connectedSoon(connection), 'connected');
    const inbox = new Inbox(connection);
    await inbox.publish(anId, 'khan', 'handover-1', new TextEncoder().encode('chào An'));
    const fetched = await inbox.fetch(10);
    assert.deepEqual(fetched.map((message) => message.msgId), ['handover-1']);
    await Promise.all(fetched.map((message) => message.ack()));
    assert.equal(server.process?.pid, pid, 'the server was reloaded, not restarted');
    assert.equal(added.json?.['bucket'], true);
    assert.equal(await bucketExists(anId), true, 'the administrator made his bucket');
    // Usable by him: an official cannot create a bucket, only write into the one made for him.
    const bucket = await new Objm(jetstream(connection.connection(), { checkAPI: false })).open(attachmentBucket(anId), false);
    await bucket.putBlob({ name: 'thu-nghiem' }, new TextEncoder().encode('tệp thử'));
    assert.equal(new TextDecoder().decode((await bucket.getBlob('thu-nghiem')) ?? new Uint8Array()), 'tệp thử');
  });

  it('adds Bình without --reload: refused until the server is told to reload, then he connects — and cannot read An’s inbox', async () => {
    const added = await addUser(binh, 'pc1', 'binh.alc');
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.json?.['reloaded'], false);
    assert.equal(added.json?.['reload'], `nats-server --signal reload=${path.join(dir, 'nats.pid')}`);
    await importAs(binh, 'binh', path.join(dir, 'binh.alc'));
    const credentials = await (await storeOf('binh', binh.rsa)).load();
    assert.ok(credentials);
    const early = connectWith({ ...credentials, seed: Uint8Array.from(credentials.seed) });
    assert.deepEqual(await early.until((state) => state.kind === 'serverDown'), { kind: 'serverDown', reason: 'messaging.authRefused' });
    await early.close();

    await new Promise<void>((resolve, reject) => {
      import('node:child_process').then(({ execFile }) => execFile('nats-server', ['--signal', `reload=${path.join(dir, 'nats.pid')}`], (error) => (error === null ? resolve() : reject(error))), reject);
    });
    const connection = connectWith(credentials);
    assert.equal(await connectedSoon(connection), 'connected');
    assert.match(server.log(), /Reloaded server configuration/);

    const binhId = messagingIdOf(binh.rsa.certificateDer);
    const anId = messagingIdOf(an.rsa.certificateDer);
    await new Inbox(connection).publish(anId, 'hoaToc', 'from-binh', new TextEncoder().encode('gửi An'));
    const durable = inboxDurable(anId, 'pc1', 'hoaToc');
    await assert.rejects(connection.connection().request(`$JS.API.CONSUMER.MSG.NEXT.AIRLOCK_INBOX.${durable}`, JSON.stringify({ batch: 1 }), { timeout: 3000 }), (error: unknown) => isPermissionViolation(error));
    await assert.rejects(
      connection.connection().request(`$JS.API.CONSUMER.CREATE.AIRLOCK_INBOX.${inboxDurable(binhId, 'pc1', 'hoaToc')}.${inboxSubject(anId, 'hoaToc')}`, JSON.stringify({ stream_name: 'AIRLOCK_INBOX', config: { durable_name: inboxDurable(binhId, 'pc1', 'hoaToc'), filter_subject: inboxSubject(anId, 'hoaToc') } }), { timeout: 3000 }),
      (error: unknown) => isPermissionViolation(error),
    );
  });

  it('--admin-seed: a seed that is not the server file’s administrator makes no bucket (exit 9, after the reload); the right one makes Bình’s, and An’s entry in the regenerated configuration may read it', async () => {
    const binhId = messagingIdOf(binh.rsa.certificateDer);
    const anId = messagingIdOf(an.rsa.certificateDer);
    assert.equal(await bucketExists(binhId), false);
    const usage = await addUser(binh, 'pc1', 'binh-0.alc', '--replace', '--admin-seed', adminSeedFile);
    assert.equal(usage.code, 2, 'the bucket is made after a reload only');
    const stranger = path.join(dir, 'stranger.nk');
    await writeFile(stranger, `${Buffer.from(createUser().getSeed()).toString('ascii')}\n`, { mode: 0o600 });
    const wrong = await addUser(binh, 'pc1', 'binh-1.alc', '--replace', '--reload', '--admin-seed', stranger);
    assert.equal(wrong.code, 9, wrong.stderr);
    assert.equal(wrong.json?.['problem'], 'messaging.bucketFailed');
    assert.equal(await bucketExists(binhId), false);
    const right = await addUser(binh, 'pc1', 'binh-2.alc', '--replace', '--reload', '--admin-seed', adminSeedFile);
    assert.equal(right.code, 0, right.stderr);
    assert.equal(await bucketExists(binhId), true);
    const conf = JSON.parse(await readFile(path.join(dir, 'nats.conf'), 'utf8')) as { accounts: { AIRLOCK: { users: { nkey: string; permissions: { publish: { allow: string[] } } }[] } } };
    const anNkey = (JSON.parse(await readFile(rosterFile, 'utf8')) as ServerRoster).users.find((user) => user.id === anId)?.nkey;
    const anEntry = conf.accounts.AIRLOCK.users.find((user) => user.nkey === anNkey);
    assert.ok(anEntry?.permissions.publish.allow.includes(`$JS.API.DIRECT.GET.${attachmentStream(binhId)}.$O.${attachmentBucket(binhId)}.M.*`), 'An may read Bình’s attachments');
  });

  it('refuses to list An twice (exit 6, the server file unchanged); --replace issues a new key', async () => {
    const before = await readFile(rosterFile, 'utf8');
    const again = await addUser(an, 'pc2', 'an-2.alc');
    assert.equal(again.code, 6, again.stderr);
    assert.equal(again.json?.['problem'], 'messaging.userExists');
    assert.equal(await readFile(rosterFile, 'utf8'), before);
    await assert.rejects(readFile(path.join(dir, 'an-2.alc')));

    const replaced = await addUser(an, 'pc2', 'an-2.alc', '--replace');
    assert.equal(replaced.code, 0, replaced.stderr);
    const listed = JSON.parse(await readFile(rosterFile, 'utf8')) as ServerRoster;
    const entry = listed.users.find((user) => user.id === messagingIdOf(an.rsa.certificateDer));
    assert.deepEqual(entry?.devices, ['pc1', 'pc2']);
    assert.equal(entry?.nkey, replaced.json?.['nkey']);
  });

  it('refuses An’s hand-over on Bình’s token: not his', async () => {
    await assert.rejects(importAs(binh, 'binh', path.join(dir, 'an.alc')), isCode('messaging.credentialsNotForYou'));
    assert.ok(audit.some((line) => line.startsWith('messaging.credentialsImported refused') && line.includes('credentialsNotForYou')));
  });

  it('refuses a hand-over encrypted to An that carries another official’s account', async () => {
    const pair = createUser();
    const seed = pair.getSeed();
    const file = path.join(dir, 'misaddressed.alc');
    await encryptContainer({
      source: { kind: 'stream', stream: Readable.from([encodeCredentials({ user: messagingIdOf(binh.rsa.certificateDer), device: 'pc1', nkey: pair.getPublicKey(), seed, servers: [server.url], rootsPem: pki.rootPem })]) },
      output: file,
      label: { level: 'unclassified', caveats: [], originator: 'Cán bộ cơ yếu', date: new Date().toISOString().slice(0, 10), declassifyOn: null },
      metadata: { fileName: 'messaging.json', mediaType: CREDENTIALS_MEDIA_TYPE },
      recipients: [an.rsa.certificateDer],
      signer: officer.ec.signer,
      chain: [officer.intermediate],
    });
    await assert.rejects(importAs(an, 'an', file), isCode('messaging.credentialsNotForYou'));
  });

  it('refuses a tampered hand-over, and a document that is not a hand-over', async () => {
    const bytes = await readFile(path.join(dir, 'an.alc'));
    const tampered = Buffer.from(bytes);
    const at = tampered.length - 400;
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    await writeFile(path.join(dir, 'tampered.alc'), tampered);
    await assert.rejects(importAs(an, 'an', path.join(dir, 'tampered.alc')), isCode('messaging.credentialsDamaged'));

    await writeFile(path.join(cli.dir, 'note.txt'), 'không phải tài khoản');
    const encrypted = await cli.run(['encrypt', '--in', 'note.txt', '--out', path.join(dir, 'note.alc'), '--to', path.join(dir, `${an.token.serial}.pem`), '--originator', 'Văn thư', '--json']);
    assert.equal(encrypted.code, 0, encrypted.stderr);
    await assert.rejects(importAs(an, 'an', path.join(dir, 'note.alc')), isCode('messaging.credentialsFormat'));
  });

  it('keeps two officials’ credentials apart in a store they share (a training workstation’s)', async () => {
    const shared = SealedStore.create(path.join(dir, 'workstations', 'shared.db'), [an.rsa, binh.rsa].map((holder) => ({ certificateDer: holder.certificateDer, role: 'user' as const })));
    teardown.defer(() => shared.close());
    await shared.unlock(an.rsa.certificateDer, an.rsa.operations);
    const ids = (official: MessagingToken) => async () => [official.rsa, official.ec].map((key) => messagingIdOf(key.certificateDer));
    for (const official of [an, binh]) {
      const file = path.join(dir, official === an ? 'an.alc' : 'binh.alc');
      await importCredentials(file, { keys: [official.rsa, official.ec], trust, store: new SealedCredentialsStore(async () => shared, ids(official)), audit: recorder });
    }
    assert.equal((await new SealedCredentialsStore(async () => shared, ids(an)).load())?.user, messagingIdOf(an.rsa.certificateDer));
    assert.equal((await new SealedCredentialsStore(async () => shared, ids(binh)).load())?.user, messagingIdOf(binh.rsa.certificateDer));
    assert.equal(await new SealedCredentialsStore(async () => shared, async () => ['0'.repeat(32)]).load(), undefined);
    // Locked (no token and PIN): the seed cannot be had.
    shared.lock();
    await assert.rejects(new SealedCredentialsStore(async () => shared, ids(an)).load(), isCode('store.locked'));
  });

  it('leaves the seed in clear in no file: the officer’s folder, the server’s, the officials’ stores', async () => {
    for (const [name, holder] of [['an', an.rsa], ['binh', binh.rsa]] as const) {
      const credentials = await (await storeOf(name, holder)).load();
      assert.ok(credentials);
      const seed = Buffer.from(credentials.seed).toString('ascii');
      credentials.seed.fill(0);
      assert.match(seed, /^SU/);
      const scan = await filesContaining([dir, cli.dir], seed);
      assert.deepEqual(scan.found, []);
      assert.deepEqual(scan.skipped, []);
    }
    assert.ok((await readFile(path.join(dir, 'workstations', 'an.db'))).length > 0);
  });
});
