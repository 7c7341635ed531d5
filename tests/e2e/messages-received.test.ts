// The Messages screen with a real message (issue #15): a real nats-server on the cipher network's
// side of the zone lab (inside that zone's namespace), the app on the workstation's side — so the
// suite runs itself again inside the workstation namespace, as messaging-zones.test.ts does; the
// outer run only makes and removes the lab. Root, SoftHSM token, Debian's Chromium.
//
// Every part is the core's own, as electron/core/messaging/capability.ts assembles them; the
// colleague's message is written by the real writer on the token and published into the inbox
// stream as the outbox sender does. Nothing answers in the core's place.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { createUser } from '@nats-io/nkeys';
import { connect as natsConnect } from '@nats-io/transport-node';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import { writeMessage } from '../../electron/core/messaging/cms-message-writer.js';
import { MessagingConnection } from '../../electron/core/messaging/connection.js';
import { issueCredentials } from '../../electron/core/messaging/credentials-issue.js';
import { Inbox } from '../../electron/core/messaging/inbox.js';
import { provisionInbox } from '../../electron/core/messaging/inbox-stream.js';
import { messagingIdOf } from '../../electron/core/messaging/messaging-address.js';
import { nkeySeedAuthenticator } from '../../electron/core/messaging/nkey-auth.js';
import { ADMIN_REPLY_PREFIX } from '../../electron/core/messaging/server-config.js';
import { ROSTER_FORMAT, addUser, parseRoster, saveRoster } from '../../electron/core/messaging/server-roster.js';
import type { TokenKeyHolder } from '../../electron/core/token/token-key-holders.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { seriousViolations } from '../support/axe.js';
import { launchApp } from '../support/chromium-shell.js';
import { runServer } from '../support/nats/nats-server.js';
import { createServerPki } from '../support/nats/server-pki.js';
import { importTestCrls, pemToDer } from '../support/softhsm/test-pki.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { teardownAfterSuite } from '../support/teardown.js';
import { tokenKeyPair } from '../support/token-core.js';
import { rerunInsideWorkstation } from '../support/zone-lab-rerun.js';
import { createZoneLab, run, type LabZone, type ZoneLab } from '../support/zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy } from '../support/zone-policy.js';
import { readFile } from 'node:fs/promises';

const INSIDE = 'AIRLOCK_MESSAGES_SCREEN_LAB';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A bound on a wait that has none of its own, so a failure ends the run (and its teardown) instead of hanging it. */
const within = <T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${String(ms)} ms`)), ms).unref())]);
const NATS_PORT = 4222;

if (process.env[INSIDE] === undefined) {
  describe('Messages screen with a real message (the app inside the zone lab’s workstation namespace)', () => {
    const teardown = teardownAfterSuite();
    it('runs the suite inside the workstation namespace, against a nats-server only the cipher network reaches', async (t) => {
      const lab = await teardown.fixture(createZoneLab({ rogue: false }));
      const { code, output } = await rerunInsideWorkstation(teardown, import.meta.filename, INSIDE, lab, { echo: true });
      for (const line of output.split('\n').filter((text) => /[✔✖]/.test(text))) t.diagnostic(line.trim());
      assert.equal(code, 0, output);
      assert.match(output, /ℹ fail 0/, output);
    });
  });
} else {
  inside(JSON.parse(process.env[INSIDE] ?? '') as { workstation: string; zones: LabZone[] });
}

function inside(made: { workstation: string; zones: LabZone[] }): void {
  const lab: ZoneLab = {
    ...made,
    rogueInterface: 'usb0',
    zone: (id) => made.zones.find((zone) => zone.id === id) ?? assert.fail(id),
    ipJson: async <T>(args: readonly string[]) => JSON.parse((await run(['ip', '-n', made.workstation, '-j', ...args])) || '[]') as T,
    exec: (ns, argv) => run(['ip', 'netns', 'exec', ns, ...argv]),
    cleanup: () => Promise.resolve(),
  };
  const cipher = lab.zone('co-yeu');
  const server = `tls://${cipher.gateway}:${NATS_PORT}`;
  const sender = { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true };

  describe('a Hỏa tốc message from a colleague: raised over every screen, opened with the keyboard, its verdict and its read receipt (real server, SoftHSM, root)', () => {
    const teardown = teardownAfterSuite();
    let token: SoftHsmToken;
    let shell: ChromiumShell;
    let core: Core;
    let page: Page;
    let dir: string;
    let rootsPem: string;
    let keys: { rsa: TokenKeyHolder; ec: TokenKeyHolder } | undefined;
    const admin = createUser();
    const binh = createUser();


    before(async () => {
      [token, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.tempDir('airlock-e2e-received-')]);
      const setup = await helperSetup(token, lab, path.join(dir, 'helper'));
      await writeSignedPolicy(token, setup.policyPath, labPolicy(lab));
      const helper = setup.start();
      teardown.defer(() => helper.stop());
      ({ shell, core } = await teardown.adopt(launchApp(token, { zones: { policyPath: setup.policyPath, helper } }), (app) => app.close()));
      await importTestCrls(core.services.crls, token.pki);
      await core.services.zones.reloadPolicy();
      page = shell.page;
      rootsPem = '';
    });

    it('unlocks, switches to the cipher network and takes the officer’s hand-over: connected to the real server', async () => {
      await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(token.userPin);
      await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
      await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
      keys = await tokenKeyPair(core, token);
      const switched = await core.dispatcher.dispatch('zones.switch', { zone: 'co-yeu', reason: 'Đọc tin nhắn mật', token: { serial: token.serial, label: token.label }, pin: token.userPin }, sender);
      assert.ok(switched.ok, JSON.stringify(switched));
      await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(token.userPin);
      await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
      await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();

      // The officer's server file and hand-over; the server runs on what it generates, in the cipher network.
      const pki = await createServerPki(await teardown.tempDir('airlock-e2e-received-pki-'), [cipher.gateway]);
      rootsPem = pki.rootPem;
      const rosterFile = path.join(dir, 'server.json');
      await saveRoster({ format: ROSTER_FORMAT, confFile: 'nats.conf', pidFile: 'nats.pid', server: { serverName: 'co-yeu-1', host: cipher.gateway, port: NATS_PORT, storeDir: 'jetstream', tls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.rootFile }, adminNkey: admin.getPublicKey() }, users: [] }, rosterFile);
      const own = keys;
      const issued = await issueCredentials({ rosterFile, certificateDer: own.rsa.certificateDer, device: 'pc1', servers: [server], rootsPem: pki.rootPem, output: path.join(dir, 'ban-giao.alc'), label: { level: 'mat', caveats: [], originator: 'Ban Cơ yếu', date: '2026-12-04', declassifyOn: null }, signer: own.ec.signer, chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))], replace: false });
      const roster = addUser(parseRoster(await readFile(rosterFile, 'utf8')), { id: messagingIdOf(own.ec.certificateDer), nkey: binh.getPublicKey(), device: 'pc1' }, false);
      const { confFile } = await saveRoster(roster, rosterFile);
      await runServer(teardown, confFile, 'co-yeu-1', NATS_PORT, { host: cipher.gateway, netns: cipher.ns });
      const nc = await natsConnect({ servers: [server], tls: { ca: pki.rootPem }, authenticator: nkeySeedAuthenticator(() => admin.getSeed()), inboxPrefix: ADMIN_REPLY_PREFIX });
      teardown.defer(() => nc.close());
      await provisionInbox(nc, { replicas: 1 });

      const choose = page.getByRole('button', { name: translate('vi', 'messages.credentials.choose') });
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), choose.click()]);
      await chooser.setFiles([issued.output]);
      // The server as the connection names it (host and port; the URL's scheme is the client's own).
      const [before, after] = translate('vi', 'messages.connection.connected', { server: '\u0000' }).split('\u0000');
      await page.getByText(new RegExp(`^${escaped(before ?? '')}.*${cipher.gateway}.*${escaped(after ?? '')}$`)).waitFor({ timeout: 30_000 });
      await page.getByText(translate('vi', 'messages.inbox.empty')).waitFor();
      assert.deepEqual(await seriousViolations(page, 'messages, connected, empty inbox'), []);
    });

    it('Trần Thị Bình sends a Hỏa tốc message asking for a receipt: the alert dialog is raised on the Documents screen, takes the focus, and opens the message with Enter', async () => {
      await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).getByRole('button', { name: translate('vi', 'screen.documents.name'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: translate('vi', 'screen.documents.name') }).waitFor();
      const own = keys ?? assert.fail('keys');
      const written = await writeMessage({
        draft: { subject: 'Họp khẩn lúc 14 giờ', body: 'Đề nghị đồng chí có mặt tại phòng họp số 2.\r\n', classification: 'mat', precedence: 'hoaToc', expiresAt: new Date(Date.now() + 86_400_000), requestReceipt: true },
        signer: own.ec.signer,
        chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))],
        recipients: [own.rsa.certificateDer],
        senderCertificates: [own.ec.certificateDer],
        now: new Date(),
      });
      const connection = new MessagingConnection({ servers: [server], rootsPem, user: messagingIdOf(own.ec.certificateDer), device: 'pc1', seed: binh.getSeed(), retryMs: 250 });
      teardown.defer(() => connection.close());
      connection.open();
      await within(connection.until((state) => state.kind === 'connected'), 'Bình connected');
      await new Inbox(connection).publish(messagingIdOf(own.rsa.certificateDer), 'hoaToc', written.messageId, written.message);

      const alert = page.getByRole('alertdialog', { name: translate('vi', 'messages.urgent.title') });
      await alert.waitFor({ timeout: 30_000 });
      await alert.getByText('Họp khẩn lúc 14 giờ').waitFor();
      assert.equal(await alert.evaluate((element) => element === document.activeElement), true, 'the alert takes the focus');
      assert.deepEqual(await seriousViolations(page, 'Hỏa tốc alert over the Documents screen'), []);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 3, name: 'Họp khẩn lúc 14 giờ' }).waitFor();
      await page.getByText(translate('vi', 'messages.verdict.trusted', { name: 'Trần Thị Bình' })).waitFor();
      await page.getByText(translate('vi', 'messages.reader.receiptSent'), { exact: true }).waitFor();
      assert.equal(await alert.count(), 0);
      assert.deepEqual(await seriousViolations(page, 'the Hỏa tốc message opened (vi)'), []);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByText(translate('en', 'messages.reader.receiptSent'), { exact: true }).waitFor();
      assert.deepEqual(await seriousViolations(page, 'the Hỏa tốc message opened (en)'), []);
      await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
      // The core recorded the opening and the signed receipt it queued for that message.
      const receipts = await core.dispatcher.dispatch('audit.query', { kind: 'message.receiptSent', limit: 5 }, sender);
      assert.ok(receipts.ok, JSON.stringify(receipts));
      assert.ok((receipts.value as { result: string; details: Record<string, unknown> }[]).some((entry) => entry.result === 'ok' && entry.details['messageId'] === written.messageId), JSON.stringify(receipts.value));
    });
  });
}
