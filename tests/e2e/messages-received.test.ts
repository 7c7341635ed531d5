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
import { suiteInsideWorkstation } from '../support/zone-lab-rerun.js';
import type { ZoneLab } from '../support/zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy } from '../support/zone-policy.js';
import { readFile, writeFile } from 'node:fs/promises';
import type { NatsConnection } from '@nats-io/transport-node';
import { CrlCache, MemoryCrlStore } from '../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../electron/core/certificates/trust-anchors.js';
import { provisionAttachmentBucket } from '../../electron/core/messaging/attachment-bucket.js';
import { readMessage, readSignedMessage, type ReceivedMessage } from '../../electron/core/messaging/cms-message-reader.js';
import type { SignerTrust } from '../../electron/core/messaging/cms-signed-data-verifier.js';
import { makeReceipt } from '../../electron/core/messaging/signed-receipt.js';
import { softwareEcSigner } from '../support/software-signer.js';
import { textSizeSetter } from '../support/text-size.js';

const INSIDE = 'AIRLOCK_MESSAGES_SCREEN_LAB';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A bound on a wait that has none of its own, so a failure ends the run (and its teardown) instead of hanging it. */
const within = <T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${String(ms)} ms`)), ms).unref())]);
const NATS_PORT = 4222;

/**
 * In the page: controls of the screen (main) whose text is cut, two controls that overlap (neither
 * inside the other), a page that scrolls sideways. A string, so the test runner's transform adds
 * nothing the page lacks.
 */
const LAYOUT_PROBLEMS = `(() => {
  const controls = [...document.querySelectorAll('main button, main input, main textarea, main select, main a[href], main label, main [role="button"]')].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  });
  const named = (element) => element.tagName.toLowerCase() + ' “' + ((element.textContent || '').trim().slice(0, 40) || element.name || element.id) + '”';
  const problems = [];
  for (const element of controls) {
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName)) continue;
    const style = getComputedStyle(element);
    if (style.clipPath !== 'none' || style.overflow === 'visible') continue;
    if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) problems.push('cut: ' + named(element));
  }
  controls.forEach((a, index) => {
    for (const b of controls.slice(index + 1)) {
      if (a.contains(b) || b.contains(a)) continue;
      const p = a.getBoundingClientRect();
      const q = b.getBoundingClientRect();
      if (Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1) problems.push('overlap: ' + named(a) + ' / ' + named(b));
    }
  });
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth) problems.push('the page scrolls sideways');
  return { checked: controls.length, problems };
})()`;

suiteInsideWorkstation(
  import.meta.filename,
  INSIDE,
  { suite: 'Messages screen with a real message (the app inside the zone lab’s workstation namespace)', test: 'runs the suite inside the workstation namespace, against a nats-server only the cipher network reaches' },
  inside,
  { echo: true },
);

function inside(lab: ZoneLab): void {
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
    let adminNc: NatsConnection | undefined;
    /** Bình's own connection (the colleague's workstation, outside the app): he writes, reads and answers with receipts. */
    let binhConnection: MessagingConnection | undefined;
    let binhTrust: SignerTrust | undefined;
    /** The colleague's Hoả tốc message, as written: what the reply and the forward name. */
    let urgentId = '';


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
      adminNc = nc;
      const crls = new CrlCache(new MemoryCrlStore());
      await importTestCrls(crls, token.pki);
      binhTrust = { anchors: TrustAnchors.load([token.pki.rootPem]), intermediates: [], crls, now: () => new Date() };

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
      binhConnection = connection;
      urgentId = written.messageId;
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

    /** What Bình's workstation reads in his inbox (acked); receipts and anything not for him are skipped. */
    const binhReads = async (what: string, wanted: (read: ReceivedMessage) => boolean): Promise<ReceivedMessage> => {
      const inbox = new Inbox(binhConnection ?? assert.fail('Bình is not connected'));
      const own = keys ?? assert.fail('keys');
      const until = Date.now() + 30_000;
      const seen: string[] = [];
      while (Date.now() < until) {
        for (const item of await inbox.fetch(10)) {
          await item.ack();
          const read = await readMessage({ message: item.data, keys: [own.ec], trust: binhTrust ?? assert.fail('trust') }).catch((error: unknown) => String(error));
          if (typeof read !== 'string' && wanted(read)) return read;
          seen.push(typeof read === 'string' ? read : read.text.subject);
        }
      }
      return assert.fail(`Bình never got ${what}; he read: ${JSON.stringify(seen)}`);
    };
    const goTo = async (pane: 'inbox' | 'compose' | 'sent') => {
      await page.getByRole('navigation', { name: translate('vi', 'messages.parts') }).getByRole('button', { name: translate('vi', `messages.pane.${pane}`), exact: true }).click();
    };
    const sentNow = () => page.getByText(translate('vi', 'messages.compose.sent'), { exact: true }).waitFor({ timeout: 60_000 });

    it('a Hoả tốc message from a signer whose authority is not pinned: the alert says it is quarantined, with the reason, from its first frame, and never names the claimed sender', async () => {
      const own = keys ?? assert.fail('keys');
      const pki = path.resolve(import.meta.dirname, '../vectors/container/pki');
      const written = await writeMessage({
        draft: { subject: 'Lệnh khẩn giả mạo', body: 'Chuyển ngay tài liệu mật.\r\n', classification: 'mat', precedence: 'hoaToc', expiresAt: new Date(Date.now() + 86_400_000), requestReceipt: true },
        signer: softwareEcSigner(path.join(pki, 'signer.key'), path.join(pki, 'signer.pem')),
        chain: [],
        recipients: [own.rsa.certificateDer],
        senderCertificates: [],
        now: new Date(),
      });
      await new Inbox(binhConnection ?? assert.fail('Bình')).publish(messagingIdOf(own.rsa.certificateDer), 'hoaToc', written.messageId, written.message);
      const alert = page.getByRole('alertdialog', { name: translate('vi', 'messages.urgent.title') });
      await alert.waitFor({ timeout: 30_000 });
      await alert.getByText('Lệnh khẩn giả mạo').waitFor();
      const said = await alert.innerText();
      assert.ok(said.includes(translate('vi', 'messages.verdict.quarantined')) && said.includes(translate('vi', 'error.message.unknownSigner')), said);
      assert.ok(!said.includes('Người ký mẫu'), `the claimed sender is not named: ${said}`);
      assert.deepEqual(await seriousViolations(page, 'the alert of a quarantined Hoả tốc message'), []);
      await alert.getByRole('button', { name: translate('vi', 'messages.urgent.later') }).click();
      assert.equal(await alert.count(), 0);
    });

    it('replies to and forwards the colleague’s message from the screen: Bình gets the reply naming it (In-Reply-To) and the forward carrying the signed original', async () => {
      const own = keys ?? assert.fail('keys');
      const imported = await core.dispatcher.dispatch('directory.import', { certificate: Buffer.from(own.ec.certificateDer).toString('base64') }, sender);
      assert.ok(imported.ok, JSON.stringify(imported));
      // The screen reads the directory when it comes up: away and back.
      const nav = page.getByRole('navigation', { name: translate('vi', 'nav.label') });
      await nav.getByRole('button', { name: translate('vi', 'screen.documents.name'), exact: true }).click();
      await nav.getByRole('button', { name: translate('vi', 'screen.messages.name'), exact: true }).click();
      await goTo('inbox');
      await page.getByRole('button', { name: 'Họp khẩn lúc 14 giờ', exact: true }).click();
      await page.getByRole('button', { name: translate('vi', 'messages.reader.reply'), exact: true }).click();
      await page.getByText(translate('vi', 'messages.compose.replyingTo', { subject: 'Họp khẩn lúc 14 giờ', name: 'Trần Thị Bình' })).waitFor();
      assert.equal(await page.getByLabel(translate('vi', 'messages.compose.subject'), { exact: true }).inputValue(), `${translate('vi', 'messages.compose.prefix.reply')} Họp khẩn lúc 14 giờ`);
      assert.equal(await page.getByRole('checkbox', { name: /Trần Thị Bình/ }).isChecked(), true, 'the reply goes to the sender');
      await page.getByLabel(translate('vi', 'messages.compose.body'), { exact: true }).fill('Tôi sẽ có mặt.');
      assert.deepEqual(await seriousViolations(page, 'reply form (vi)'), []);
      await page.getByRole('button', { name: translate('vi', 'messages.compose.submit'), exact: true }).click();
      await sentNow();
      const reply = await binhReads('the reply', (read) => read.text.inReplyTo === urgentId);
      assert.equal(reply.text.subject, `${translate('vi', 'messages.compose.prefix.reply')} Họp khẩn lúc 14 giờ`, 'one reply prefix, the screen\'s own');
      assert.equal(reply.text.body.trim(), 'Tôi sẽ có mặt.');

      await goTo('inbox');
      await page.getByRole('button', { name: 'Họp khẩn lúc 14 giờ', exact: true }).click();
      await page.getByRole('button', { name: translate('vi', 'messages.reader.forward'), exact: true }).click();
      await page.getByText(translate('vi', 'messages.compose.forwarding', { subject: 'Họp khẩn lúc 14 giờ', name: 'Trần Thị Bình' })).waitFor();
      await page.getByRole('checkbox', { name: /Trần Thị Bình/ }).check();
      await page.getByRole('button', { name: translate('vi', 'messages.compose.submit'), exact: true }).click();
      await sentNow();
      const forward = await binhReads('the forward', (read) => (read.text.forwarded?.length ?? 0) > 0);
      assert.equal(forward.text.subject, `${translate('vi', 'messages.compose.prefix.forward')} Họp khẩn lúc 14 giờ`);
      assert.equal(forward.text.forwarded?.length, 1, 'the original travels inside');
      const original = await readSignedMessage(new Uint8Array(forward.text.forwarded?.[0] ?? new Uint8Array()), binhTrust ?? assert.fail('trust'));
      assert.equal(original.text.messageId, urgentId, 'the signed original, as received');
      await page.getByRole('button', { name: translate('vi', 'messages.compose.another'), exact: true }).click();
    });

    it('composes with an attachment chosen in the form: the progress bar moves while it uploads; once Bình opens it and his signed receipt comes back, the Sent list says "đã đọc lúc …" and the receipt checks again as valid', async () => {
      const own = keys ?? assert.fail('keys');
      await provisionAttachmentBucket(adminNc ?? assert.fail('admin'), messagingIdOf(own.rsa.certificateDer), { replicas: 1, maxBytes: 64 * 1024 ** 2 });
      const file = path.join(dir, 'bao-cao-quy-4.txt');
      // 20 MiB, the issue's attachment size: long enough on loopback that the bar is seen between its ends
      // on a quiet machine too (4 MiB went up between two progress reports: [0, 3] then done).
      await writeFile(file, Buffer.alloc(20 * 1024 ** 2, 'Báo cáo quý 4. '));
      await goTo('compose');
      await page.getByRole('checkbox', { name: /Trần Thị Bình/ }).check();
      await page.getByLabel(translate('vi', 'messages.compose.subject'), { exact: true }).fill('Báo cáo quý 4 kèm tệp');
      await page.getByLabel(translate('vi', 'messages.compose.body'), { exact: true }).fill('Gửi đồng chí báo cáo quý 4.');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: translate('vi', 'messages.compose.attach'), exact: true }).click()]);
      await chooser.setFiles([file]);
      await page.getByText('bao-cao-quy-4.txt').first().waitFor();
      assert.deepEqual(await seriousViolations(page, 'compose with an attachment (vi)'), []);
      // Every value the progress bar takes, recorded in the page as it changes.
      await page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { progressSeen: number[] }).progressSeen = seen;
        new MutationObserver(() => {
          for (const bar of document.querySelectorAll('progress')) if (seen.at(-1) !== bar.value) seen.push(bar.value);
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
      });
      await page.getByRole('button', { name: translate('vi', 'messages.compose.submit'), exact: true }).click();
      await sentNow();
      const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
      assert.ok(seen.some((value) => value > 0 && value < 100), `the bar was seen between 0 and 100: ${JSON.stringify(seen)}`);

      // Bình's workstation opens it and answers with a signed receipt into An's inbox.
      const received = await binhReads('the message with the attachment', (read) => read.text.subject === 'Báo cáo quý 4 kèm tệp');
      assert.equal(received.text.attachments?.length, 1);
      assert.ok(received.receiptRequest !== undefined, 'a receipt is asked by default');
      const receipt = await makeReceipt({ original: received.signed, signer: own.ec.signer, chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))], now: new Date() });
      await new Inbox(binhConnection ?? assert.fail('Bình')).publish(messagingIdOf(own.rsa.certificateDer), received.precedence, `receipt-e2e-${received.text.messageId}`, receipt);

      const [readBefore] = translate('vi', 'messages.delivery.readAt', { time: '\u0000', date: '\u0000' }).split('\u0000');
      const readLine = page.getByText(new RegExp(`${escaped(readBefore ?? '')}.+`));
      const until = Date.now() + 45_000;
      // The Sent list is read when it is shown: shown again until the receipt has come in.
      while ((await readLine.count()) === 0) {
        assert.ok(Date.now() < until, 'the Sent list never said "đã đọc lúc …"');
        await goTo('inbox');
        await goTo('sent');
        await page.waitForTimeout(500);
      }
      assert.deepEqual(await seriousViolations(page, 'sent list with a read receipt (vi)'), []);
      await page.getByRole('button', { name: translate('vi', 'messages.sent.verify') }).first().click();
      const [validBefore] = translate('vi', 'messages.sent.receiptValid', { name: 'Trần Thị Bình', time: '\u0000', date: '\u0000' }).split('\u0000');
      await page.getByText(new RegExp(`^${escaped(validBefore ?? '')}`)).waitFor();
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByText(new RegExp(`${escaped(translate('en', 'messages.delivery.readAt', { time: '\u0000', date: '\u0000' }).split('\u0000')[0] ?? '')}.+`)).first().waitFor();
      assert.deepEqual(await seriousViolations(page, 'sent list with a read receipt (en)'), []);
      await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
    });

    it('a full inbox pages and searches through the screen: 57 messages come 50 then 7 with "Xem thêm tin", none twice; a search typed without diacritics finds the one body that has them, and a search of 55 matches pages too', async () => {
      const own = keys ?? assert.fail('keys');
      const bulletins = 55;
      const inbox = new Inbox(binhConnection ?? assert.fail('Bình'));
      for (let number = 1; number <= bulletins; number++) {
        const written = await writeMessage({
          draft: { subject: `Thông báo số ${String(number)}`, body: number === 37 ? 'Mời đồng chí dự Hội nghị tổng kết công tác năm 2026.\r\n' : `Nội dung thông báo số ${String(number)}.\r\n`, classification: 'mat', precedence: 'thuong', expiresAt: new Date(Date.now() + 86_400_000), requestReceipt: false },
          signer: own.ec.signer,
          chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))],
          recipients: [own.rsa.certificateDer],
          senderCertificates: [own.ec.certificateDer],
          now: new Date(),
        });
        await inbox.publish(messagingIdOf(own.rsa.certificateDer), 'thuong', written.messageId, written.message);
      }
      await goTo('inbox');
      const list = page.locator('ul.message-list > li');
      const subjects = async () => page.locator('ul.message-list .message-row__open').allInnerTexts();
      const more = page.getByRole('button', { name: translate('vi', 'messages.inbox.more'), exact: true });
      const refresh = page.getByRole('button', { name: translate('vi', 'messages.inbox.refresh'), exact: true });
      // The two Hoả tốc messages and the 55 bulletins, once the receive loop has stored them all.
      const total = 2 + bulletins;
      const until = Date.now() + 90_000;
      for (;;) {
        await refresh.click();
        await list.first().waitFor();
        while ((await more.count()) > 0 && (await list.count()) < total) await more.click();
        if ((await list.count()) >= total) break;
        assert.ok(Date.now() < until, `the inbox never held ${String(total)} messages: ${String(await list.count())}`);
        await page.waitForTimeout(1000);
      }
      // From the top again: one page of 50, then the rest.
      await refresh.click();
      await page.getByText(translate('vi', 'messages.inbox.count', { count: '50', unread: '\u0000' }).split('\u0000')[0] ?? '').waitFor();
      const first = await subjects();
      assert.equal(first.length, 50, 'the first page');
      assert.deepEqual(first.slice(0, 2).sort(), ['Họp khẩn lúc 14 giờ', 'Lệnh khẩn giả mạo'].sort(), 'Hoả tốc first');
      assert.ok(!first.includes('Thông báo số 1'), 'the oldest bulletin is not on the first page');
      await more.click();
      await page.getByText(translate('vi', 'messages.inbox.count', { count: String(total), unread: '\u0000' }).split('\u0000')[0] ?? '').waitFor();
      const all = await subjects();
      assert.equal(all.length, total);
      assert.equal(new Set(all).size, total, 'no message twice across the pages');
      assert.deepEqual(all.slice(0, 50), first, 'the second page follows the first');
      assert.ok(all.slice(50).includes('Thông báo số 1'), 'the oldest bulletin on the last page');
      assert.equal(await more.count(), 0, 'no more pages');

      const search = async (query: string) => {
        await page.getByRole('search').getByRole('textbox', { name: translate('vi', 'messages.search.label'), exact: true }).fill(query);
        await page.getByRole('button', { name: translate('vi', 'messages.search.submit'), exact: true }).click();
      };
      await search('hoi nghi tong ket');
      await page.getByText(translate('vi', 'messages.inbox.found', { count: '1', query: 'hoi nghi tong ket' }), { exact: true }).waitFor();
      assert.deepEqual(await subjects(), ['Thông báo số 37']);
      assert.deepEqual(await seriousViolations(page, 'inbox search result (vi)'), []);
      await search('THONG BAO SO');
      await page.getByText(translate('vi', 'messages.inbox.found', { count: '50', query: 'THONG BAO SO' }), { exact: true }).waitFor();
      await more.click();
      await page.getByText(translate('vi', 'messages.inbox.found', { count: String(bulletins), query: 'THONG BAO SO' }), { exact: true }).waitFor();
      const found = await subjects();
      assert.equal(new Set(found).size, bulletins);
      assert.ok(found.every((subject) => subject.startsWith('Thông báo số ')), JSON.stringify(found));
      await page.getByRole('button', { name: translate('vi', 'messages.search.clear'), exact: true }).click();
      await page.getByText(translate('vi', 'messages.inbox.count', { count: '50', unread: '\u0000' }).split('\u0000')[0] ?? '').waitFor();
    });

    it('at 200% text, in vi and en, every part of the Messages screen (inbox, a message, compose, sent) has no control cut or overlapping another, no sideways scroll; axe clean', async () => {
      const setTextSize = await textSizeSetter(page);
      const problems: string[] = [];
      try {
        await setTextSize(200);
        for (const language of ['vi', 'en'] as const) {
          await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
          const parts = page.getByRole('navigation', { name: translate(language, 'messages.parts') });
          const show = async (pane: 'inbox' | 'compose' | 'sent') => parts.getByRole('button', { name: translate(language, `messages.pane.${pane}`), exact: true }).click();
          const views: [string, () => Promise<void>][] = [
            ['inbox', () => show('inbox')],
            ['message', async () => {
              await show('inbox');
              await page.getByRole('button', { name: 'Họp khẩn lúc 14 giờ', exact: true }).click();
              await page.getByRole('heading', { level: 3, name: 'Họp khẩn lúc 14 giờ' }).waitFor();
            }],
            ['compose', () => show('compose')],
            ['sent', () => show('sent')],
          ];
          for (const [name, open] of views) {
            await open();
            await page.waitForTimeout(200);
            const { checked, problems: found } = await page.evaluate<{ checked: number; problems: string[] }>(LAYOUT_PROBLEMS);
            // The probe saw the screen's controls (the tabs, the pane's own): not an empty page.
            if (checked < 5) problems.push(`${language}/${name}: only ${String(checked)} controls found`);
            problems.push(...found.map((problem) => `${language}/${name}: ${problem}`));
            problems.push(...(await seriousViolations(page, `messages ${name}, 200%, ${language}`)));
          }
        }
      } finally {
        await setTextSize(100);
        await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
      }
      assert.deepEqual(problems, []);
    });
  });
}
