import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { AuditEntryView } from '../../shared/domain/audit.js';
import { APP_STORES_PATH } from '../../shared/domain/backup-paths.js';
import { OFFICE_LAN_ZONE, TOUR_STEP_IDS, type TourStepId } from '../../shared/domain/tour.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { seriousViolations } from '../support/axe.js';
import { allowTranspiledHelpers } from '../support/chromium-shell.js';
import { coreApi } from '../support/core.js';
import { runGuidedTour, type TourWorkstation } from '../support/guided-tour-run.js';
import { makeKitHome, openKitWorkstation, type KitTrainingWorkstation } from '../support/training-kit-workstation.js';
import { kit } from '../support/training-kit-run.js';
import { rerunInsideWorkstation } from '../support/zone-lab-rerun.js';
import type { TrainingProfile } from '../../electron/core/training/training-profile.js';
import { TRAINING_BACKUP_DRIVE, TRAINING_BACKUP_TARGET } from '../../tools/training-kit/training-backup.js';
import { MESSAGING_ZONE, PRACTICE_RECEIPT_SUBJECT } from '../../tools/training-kit/training-messaging.js';
import { teardownAfterSuite } from '../support/teardown.js';
import { textSizeSetter } from '../support/text-size.js';
import { existingNamespaces, processesOf } from '../../tools/training-kit/teardown.js';

const SHOTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/tour');
const VIEWPORT = { width: 1366, height: 768 };
/** The panel's own limit (styles.css .tour-panel): a third of the height. */
const PANEL_SHARE = 0.33;

// The whole guided tour in Vietnamese, in the Chromium shell on the real core, with real parts: a
// SoftHSM token, containers made and opened by the real code, the zone helper switching real
// network namespaces, the kit's nats-server on the cipher network (root). The workstation is the
// one `npm run training` makes (the real kit command into a temp folder). The app must reach the
// cipher network's server only from that zone, as `npm run training` opens it: so the outer run
// makes the kit and runs this file again inside the kit's workstation namespace (ip netns exec),
// where the tour is done; then the outer run's `--down` must leave nothing behind.

const INSIDE = 'AIRLOCK_TRAINING_TOUR_KIT';

if (process.env[INSIDE] === undefined) {
  describe('guided tour on the workstation npm run training makes, the app inside its workstation namespace; then --down (SoftHSM, namespaces, nats-server, root)', () => {
    const teardown = teardownAfterSuite();
    let home = '';
    let profile: TrainingProfile;
    before(async () => {
      ({ home, profile } = await makeKitHome(teardown));
    });

    it('runs the tour suite inside the kit’s workstation namespace, where only the cipher network reaches the kit’s messaging server', async (t) => {
      const netns = profile.zones.netns;
      assert.ok(netns !== undefined, 'the kit made no workstation namespace: the tour needs root');
      const { code, output } = await rerunInsideWorkstation(teardown, import.meta.filename, INSIDE, { workstation: netns, zones: [] }, { echo: true, value: { home } });
      for (const line of output.split('\n').filter((text) => /[✔✖]/.test(text))) t.diagnostic(line.trim());
      assert.equal(code, 0, output);
      assert.match(output, /ℹ pass 3\n/, 'the three tests of the inside run');
      assert.match(output, /ℹ fail 0/, output);
    });

    it('npm run training --down leaves nothing: the kit\'s namespaces, its nats-server and other processes tied to its folder, the folder, the tokens', async () => {
      const suffix = profile.zones.netns?.slice(-6) ?? '?';
      const namespaces = (await existingNamespaces()).filter((ns) => ns.startsWith('alt') && ns.endsWith(suffix));
      assert.equal(namespaces.length, 4, 'workstation and three zones');
      assert.notDeepEqual(await processesOf(home), [], 'the kit’s nats-server runs until --down');
      const tokenDir = /^directories\.tokendir\s*=\s*(.+)$/m.exec(await readFile(profile.token.softhsmConf, 'utf8'))?.[1]?.trim();
      assert.ok(tokenDir !== undefined && existsSync(tokenDir), 'the kit\'s SoftHSM token folder');
      const down = await kit(['--dir', home, '--down']);
      assert.equal(down.code, 0, down.stderr);
      const left = new Set(await existingNamespaces());
      assert.deepEqual(namespaces.filter((ns) => left.has(ns)), []);
      assert.deepEqual(await processesOf(home), []);
      assert.equal(existsSync(home), false, 'the folder is gone: data, inbox, the encrypted file, the messaging server’s store');
      assert.equal(existsSync(tokenDir), false, 'the tokens are gone');
      assert.equal(existsSync(profile.token.softhsmConf), false);
    });
  });
} else {
  insideWorkstation((JSON.parse(process.env[INSIDE] ?? '') as { home: string }).home);
}

function insideWorkstation(home: string): void {
  describe('guided tour in the Chromium shell, in Vietnamese, inside the kit’s workstation namespace: every step done for real and judged by the core', () => {
    const teardown = teardownAfterSuite();
    let kitWs: KitTrainingWorkstation;
    let received = '';
    let core: Core;
    let api: AirlockApi;
    let page: Page;
    let ws: TourWorkstation;
    let startedAt = '';
    const measured: string[] = [];

    after(() => {
      if (measured.length > 0) console.log(`# ${measured.join('\n# ')}`);
      console.log(`# screenshots: ${SHOTS_DIR}`);
    });
    before(async () => {
      kitWs = await openKitWorkstation(teardown, home);
      ({ ws, core } = kitWs);
      page = ws.page;
      api = coreApi(core);
      await page.setViewportSize(VIEWPORT);
      await mkdir(path.join(SHOTS_DIR, 'vi'), { recursive: true });
    });

    const progress = async () => {
      const reply = await api.training.tourProgress({});
      assert.ok(reply.ok && reply.value.active, JSON.stringify(reply));
      return reply.value;
    };
    const entriesSinceStart = async (kind: AuditEntryView['kind']) => {
      const reply = await api.audit.query({ kind, from: startedAt });
      assert.ok(reply.ok, JSON.stringify(reply));
      return reply.value.filter((entry) => entry.result === 'ok');
    };

    /**
     * answerMessage's effects: in the cipher network, connected to the kit's server; the practice
     * message asking for a receipt opened with its receipt, the reply to it composed and sent, and
     * the server's acknowledgement of the reply's copy for the colleague (the sent list's state).
     */
    const answeredInCore = async () => {
      assert.equal(core.services.zones.status().active?.id, MESSAGING_ZONE);
      assert.deepEqual(await kitWs.upZoneLinks(), [kitWs.zoneInterface(MESSAGING_ZONE)]);
      const inbox = await api.messages.inbox({});
      assert.ok(inbox.ok, JSON.stringify(inbox));
      const practice = inbox.value.messages.find((message) => message.subject === PRACTICE_RECEIPT_SUBJECT);
      assert.ok(practice !== undefined && practice.read && practice.verdict.trusted, JSON.stringify(inbox.value.messages));
      assert.deepEqual((await entriesSinceStart('message.receiptSent')).map((entry) => entry.details['messageId']), [practice.messageId]);
      const composed = await entriesSinceStart('message.composed');
      assert.deepEqual(composed.map((entry) => entry.details['inReplyTo']), [practice.messageId]);
      const replyId = composed[0]?.details['messageId'];
      assert.ok((await entriesSinceStart('message.sent')).some((entry) => entry.details['messageId'] === replyId), 'the reply went out');
      const sent = await api.messages.sent({});
      assert.ok(sent.ok, JSON.stringify(sent));
      const reply = sent.value.messages.find((message) => message.messageId === replyId);
      assert.deepEqual(reply?.recipients.map((recipient) => [recipient.name, recipient.state]), [[practice.sender, 'stored']]);
    };

    /** What each step must have left in the core, checked once the panel shows it done. */
    const effects: { readonly [id in TourStepId]: () => Promise<void> } = {
      unlock: async () => {
        assert.equal(core.services.session.state().locked, false);
        assert.equal((await entriesSinceStart('session.unlock')).length, 1);
      },
      openDocument: async () => {
        const opened = await entriesSinceStart('document.opened');
        assert.deepEqual(opened.map((entry) => entry.details['file']), [path.basename(received)]);
      },
      encryptForColleague: async () => {
        assert.ok(existsSync(ws.toEncrypt.output), 'the container was written');
        const opened = await core.services.documents.open(ws.toEncrypt.output);
        core.services.documents.close(opened.viewId);
        const colleague = createHash('sha256').update(await readFile(kitWs.colleagueCertificate)).digest('hex');
        assert.ok(opened.recipients.includes(colleague), `${ws.colleague.name} among ${JSON.stringify(opened.recipients)}`);
        const encrypted = await entriesSinceStart('document.encrypted');
        assert.deepEqual(encrypted.map((entry) => entry.details['colleagues']), [1]);
      },
      signDocument: async () => {
        const signed = await entriesSinceStart('document.signed');
        const target = `${path.basename(ws.toSign, '.pdf')} (${translate('vi', 'signing.signedSuffix')}).pdf`;
        assert.deepEqual(signed.map((entry) => [entry.details['file'], entry.details['target']]), [[path.basename(ws.toSign), target]]);
        assert.ok(existsSync(path.join(path.dirname(ws.toSign), target)), 'the signed PDF beside the practice one');
        const checked = await entriesSinceStart('document.signatureVerified');
        assert.ok(checked.some((entry) => entry.details['file'] === target));
      },
      switchZone: async () => {
        assert.equal(core.services.zones.status().active?.id, 'internet');
        assert.deepEqual(await kitWs.upZoneLinks(), [kitWs.zoneInterface('internet')]);
        const switched = await entriesSinceStart('zone.switched');
        assert.deepEqual(switched.map((entry) => [entry.details['from'], entry.details['target']]).reverse(), [['none', 'van-phong'], ['van-phong', 'internet']]);
      },
      answerMessage: async () => answeredInCore(),
      makeBackup: async () => {
        assert.equal(core.services.zones.status().active?.id, OFFICE_LAN_ZONE);
        const listed = await api.backups.snapshots({ target: TRAINING_BACKUP_TARGET });
        assert.ok(listed.ok, JSON.stringify(listed));
        // Newest first: the practice folder (the PDF and its signed copy), then the app's own stores.
        assert.deepEqual(listed.value.map((snapshot) => [snapshot.paths, snapshot.level]), [[[path.dirname(ws.toSign)], 'mat'], [[APP_STORES_PATH], 'mat']]);
        assert.ok((listed.value[0]?.files ?? 0) >= 2, 'the practice PDF and the signed one');
        const started = await entriesSinceStart('backup.started');
        const created = await entriesSinceStart('backup.created');
        assert.deepEqual(started.map((entry) => entry.details['count']), [2]);
        assert.deepEqual(created.map((entry) => entry.details['run']), [started[0]?.details['run'], started[0]?.details['run']]);
        // The repository on the kit's drive is wrapped to the official and to the policy's recovery certificate.
        const policy = JSON.parse(await readFile(kitWs.profile.zones.policy, 'utf8')) as { recoveryCertificate: string };
        const drive = path.join(home, TRAINING_BACKUP_DRIVE);
        const holders = await Promise.all((await readdir(path.join(drive, 'keys'))).map(async (file) => JSON.parse(await readFile(path.join(drive, 'keys', file), 'utf8')) as { role: string; certificate: string }));
        assert.deepEqual(holders.filter((holder) => holder.role === 'recovery').map((holder) => holder.certificate), [policy.recoveryCertificate]);
        assert.equal(holders.filter((holder) => holder.role === 'user').length, 1);
      },
      verifyAudit: async () => {
        const verdict = await api.audit.verify({});
        assert.ok(verdict.ok && verdict.value.ok, JSON.stringify(verdict));
      },
    };

    it('runs the whole tour with the keyboard from the banner: each step shown done only once the core saw it, axe clean on every screen', async () => {
      const violations: string[] = [];
      const seen: TourStepId[] = [];
      const tourWs: TourWorkstation = { ...ws, received: async () => {
        const letter = await ws.received();
        received = letter.path;
        return letter;
      } };
      await runGuidedTour(tourWs, 'vi', {
        screen: async (name) => {
          await page.screenshot({ path: path.join(SHOTS_DIR, 'vi', `${name}.png`) });
          violations.push(...(await seriousViolations(page, name)));
          if (startedAt === '') startedAt = (await progress()).startedAt;
        },
        stepDone: async (id) => {
          seen.push(id);
          const steps = (await progress()).steps;
          // The panel says what the core says: this step and the ones before it, nothing after.
          assert.deepEqual(steps.filter((step) => step.done).map((step) => step.id), TOUR_STEP_IDS.slice(0, TOUR_STEP_IDS.indexOf(id) + 1));
          await effects[id]();
        },
      });
      assert.deepEqual(seen, [...TOUR_STEP_IDS]);
      assert.deepEqual(violations, []);
    });

    it('the progress outlives a lock: the lock screen shows the panel with every step done', async () => {
      core.services.session.lock('manual');
      await page.getByRole('heading', { level: 1, name: translate('vi', 'lock.title') }).waitFor();
      const panel = page.getByRole('complementary', { name: translate('vi', 'training.tour.title') });
      await panel.getByText(translate('vi', 'training.tour.progress', { done: TOUR_STEP_IDS.length, total: TOUR_STEP_IDS.length })).waitFor();
      assert.deepEqual(await seriousViolations(page, 'locked with the tour done'), []);
    });

    it('at 200% text on 1366×768 the panel covers nothing, takes at most a third of the height, scrolls nothing sideways; in English too; axe clean', async () => {
      await allowTranspiledHelpers(page);
      await (await textSizeSetter(page))(200);
      for (const language of ['vi', 'en'] as const) {
        await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
        await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
        // A new tour, so a current step shows what to do and why.
        await page.getByRole('button', { name: translate(language, 'training.tour.restart') }).click();
        const layout = await page.evaluate(() => {
          const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect();
          const [panel, middle, footer] = [box('.tour-panel'), box('.shell__middle'), box('footer.classification-banner')];
          if (panel === undefined || middle === undefined || footer === undefined) throw new Error('a part is missing');
          const tour = document.querySelector('.tour-panel');
          return {
            panel: panel.height,
            overlapsMiddle: panel.top < middle.bottom - 0.5,
            overlapsFooter: panel.bottom > footer.top + 0.5,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            clipped: tour === null ? true : [...tour.querySelectorAll('*')].some((element) => element.scrollWidth > element.clientWidth + 1),
          };
        });
        measured.push(`200% ${language}: tour panel ${Math.round(layout.panel)} px of ${VIEWPORT.height}`);
        assert.ok(layout.panel <= PANEL_SHARE * VIEWPORT.height + 1, `${language}: ${layout.panel} px`);
        assert.equal(layout.overlapsMiddle, false, 'the panel is below the screen, not over it');
        assert.equal(layout.overlapsFooter, false);
        assert.equal(layout.overflow, 0, 'no horizontal scrolling');
        assert.equal(layout.clipped, false, 'no text cut off sideways');
        await mkdir(path.join(SHOTS_DIR, language), { recursive: true });
        await page.screenshot({ path: path.join(SHOTS_DIR, language, '11-lock-screen-200pct.png') });
        assert.deepEqual(await seriousViolations(page, `200% lock screen with the tour (${language})`), []);
      }
    });
  });
}
