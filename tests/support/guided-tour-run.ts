// Drives the guided tour of a training workstation through the real renderer, as a trainee does it
// with the keyboard and the screen's own labels, in one language. Shared by the e2e test (which
// checks each step's effect in the core) and `npm run training:screenshots` (which keeps a picture
// of every screen). Each step waits until the panel shows it done: the core's judgement, pushed.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { LANGUAGES, type Language } from '../../shared/domain/language.js';
import type { TourStepId } from '../../shared/domain/tour.js';
import { translate } from '../../renderer/src/i18n/catalog.js';

/** The header's language buttons, each named in its own language. */
const LANGUAGE_BUTTONS: Readonly<Record<Language, string>> = { vi: 'Tiếng Việt', en: 'English' };

export interface TourWorkstation {
  readonly page: Page;
  /** The PIN of the token the trainee unlocks with (the lock screen's hint shows it too). */
  readonly pin: string;
  /** That token's label, to choose it on the lock screen when several are plugged in (the training kit's four). */
  readonly tokenLabel?: string;
  /** A received container waiting in the inbox and who signed it; made after the unlock when the fixture needs the token for it. */
  readonly received: () => Promise<{ readonly path: string; readonly signer: string }>;
  /** A colleague as the directory shows them; with a certificate file, added to the directory first (the training kit's directory has them already). */
  readonly colleague: { readonly name: string; readonly certificate?: string };
  /** A file to encrypt and where the screen proposes to write its container. */
  readonly toEncrypt: { readonly source: string; readonly output: string };
  /** The practice PDF the signDocument step signs; the screen proposes "<name> (đã ký).pdf" beside it. */
  readonly toSign: string;
  /** The zone to come back to from the office LAN, as the policy names it. */
  readonly homeZoneName: Readonly<Record<Language, string>>;
  readonly officeLanName: Readonly<Record<Language, string>>;
  /**
   * The kit's messaging (issue #15): the cipher network as the policy names it, whose server holds
   * the officials' accounts and, waiting for the trainee, a colleague's Hoả tốc message and the
   * Khẩn one asking for a read receipt (its subject). The app must reach that server: it runs
   * inside the kit's workstation namespace (training-tour.test.ts re-runs itself there).
   */
  readonly messaging: { readonly zoneName: Readonly<Record<Language, string>>; readonly subject: string };
}

export interface TourHooks {
  /** Called on every screen worth a picture (and an accessibility check), named in the order met. */
  readonly screen: (name: string) => Promise<void>;
  /** Called once the panel shows a step done. */
  readonly stepDone?: (id: TourStepId) => Promise<void>;
}

export async function runGuidedTour(ws: TourWorkstation, language: Language, hooks: TourHooks): Promise<void> {
  const { page } = ws;
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => (translate as (l: Language, k: string, p?: Record<string, string | number>) => string)(language, key, params);
  const nav = page.getByRole('navigation', { name: t('nav.label') });
  const panel = page.getByRole('complementary', { name: t('training.tour.title') });
  const stepDone = async (id: TourStepId) => {
    await panel.locator('.tour-step--done', { hasText: t(`training.tour.step.${id}.title`) }).waitFor({ timeout: 30_000 });
    await hooks.stepDone?.(id);
  };
  const openScreen = async (screen: 'documents' | 'signing' | 'zones' | 'audit' | 'messages' | 'backups') => {
    await nav.getByRole('button', { name: t(`screen.${screen}.name`), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t(`screen.${screen}.name`) }).waitFor();
  };
  const chooseToken = async () => {
    if (ws.tokenLabel !== undefined) await page.getByRole('radio', { name: ws.tokenLabel }).check();
  };
  const unlock = async () => {
    await page.getByRole('heading', { level: 1, name: t('lock.title') }).waitFor();
    await chooseToken();
    const pin = page.getByLabel(t('pin.label'), { exact: true });
    await pin.fill(ws.pin);
    await pin.press('Enter');
    // The language saved for this official wins at the unlock (user-settings.ts; the kit saves
    // Vietnamese): a run in another language chooses it again there, as the trainee would.
    const anyNav = page.getByRole('navigation', { name: new RegExp(`^(${LANGUAGES.map((other) => translate(other, 'nav.label')).join('|')})$`) });
    await anyNav.waitFor();
    if ((await page.evaluate(() => document.documentElement.lang)) !== language) {
      await page.getByRole('button', { name: LANGUAGE_BUTTONS[language], exact: true }).click();
      await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
    }
    await nav.waitFor();
  };

  // The tour starts from the training banner, with the keyboard; the panel's heading takes the focus.
  await page.getByRole('heading', { level: 1, name: t('lock.title') }).waitFor();
  await page.getByRole('button', { name: t('training.tour.open'), exact: true }).focus();
  await page.keyboard.press('Enter');
  await panel.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'training-tour-title');
  await hooks.screen('01-lock-screen-tour');
  // Hidden to one line and shown again, with the keyboard alone.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await panel.getByRole('button', { name: t('training.tour.show') }).waitFor();
  await hooks.screen('02-tour-hidden');
  await page.keyboard.press('Enter');
  await panel.getByRole('button', { name: t('training.tour.hide') }).waitFor();

  await unlock();
  await stepDone('unlock');
  await hooks.screen('03-unlocked');

  const received = await ws.received();
  await openScreen('documents');
  // The inbox list was read when the screen came up: "Refresh" shows what arrived since.
  const inbox = page.getByRole('region', { name: t('documents.inbox.title') });
  await inbox.getByRole('button', { name: t('documents.inbox.refresh') }).click();
  await inbox.getByRole('button', { name: `${t('documents.inbox.open')} ${path.basename(received.path)}` }).click();
  // Who signed it, by name: what the step asks the trainee to read.
  await page.getByText(t('documents.report.verified', { name: received.signer })).waitFor();
  await stepDone('openDocument');
  await hooks.screen('04-document-opened');

  /** The browser's own chooser, opened by the screen's button, answered with a real file. */
  const choose = async (button: string, file: string) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
    await chooser.setFiles([file]);
  };
  if (ws.colleague.certificate !== undefined) {
    await choose(t('encrypt.import.choose'), ws.colleague.certificate);
    await page.getByText(t('encrypt.import.done', { name: ws.colleague.name })).waitFor();
  }
  await choose(t('encrypt.chooseSource'), ws.toEncrypt.source);
  await page.getByText(ws.toEncrypt.source, { exact: true }).waitFor();
  await page.getByRole('checkbox', { name: new RegExp(ws.colleague.name) }).check();
  await hooks.screen('05-encrypt-form');
  await page.getByRole('button', { name: t('encrypt.submit') }).click();
  await page.getByText(t('encrypt.done', { path: ws.toEncrypt.output })).waitFor({ timeout: 30_000 });
  await stepDone('encryptForColleague');
  await hooks.screen('06-encrypted');

  await signPracticePdf(ws, t, openScreen);
  await stepDone('signDocument');
  await hooks.screen('06b-signed-and-checked');

  const switchTo = async (name: string, reason: string) => {
    await openScreen('zones');
    await page.getByRole('button', { name: t('zones.switchTo', { name }) }).click();
    await page.getByRole('heading', { level: 2, name: t('zones.form.title', { name }) }).waitFor();
    await page.getByLabel(t('zones.form.reason')).fill(reason);
    await chooseToken();
    await page.getByLabel(t('pin.label'), { exact: true }).fill(ws.pin);
    await page.getByRole('button', { name: t('zones.form.submit', { name }) }).click();
    await page.getByText(t('zones.report.done')).waitFor({ timeout: 60_000 });
    await unlock();
  };
  await openScreen('zones');
  await hooks.screen('07-zones');
  await switchTo(ws.officeLanName[language], language === 'vi' ? 'Tập huấn: sang mạng nội bộ' : 'Training: to the office LAN');
  await hooks.screen('08-office-lan');
  await switchTo(ws.homeZoneName[language], language === 'vi' ? 'Tập huấn: trở về' : 'Training: back');
  await stepDone('switchZone');

  await answerMessageStep({ page, ws, language, t, hooks, openScreen, switchTo, stepDone });
  await makeBackupStep({ page, ws, language, t, hooks, openScreen, switchTo, stepDone });

  await openScreen('audit');
  await hooks.screen('09-audit');
  await page.getByRole('button', { name: t('audit.verify.button') }).click();
  await stepDone('verifyAudit');
  await hooks.screen('10-audit-verified');

  await panel.getByText(t('training.tour.finished')).waitFor();
}

/** What a step's driver needs of the run: the page, the texts, and the moves the steps share. */
interface StepDriver {
  readonly page: Page;
  readonly ws: TourWorkstation;
  readonly language: Language;
  readonly t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => string;
  readonly hooks: TourHooks;
  readonly openScreen: (screen: 'documents' | 'zones' | 'audit' | 'messages' | 'backups') => Promise<void>;
  /** Switches on the Zones screen (reason, token, PIN), then unlocks again. */
  readonly switchTo: (name: string, reason: string) => Promise<void>;
  readonly stepDone: (id: TourStepId) => Promise<void>;
}

/**
 * answerMessage, as its text says: to the cipher network; the Hoả tốc message raised over the
 * screen is opened and read, then back to the inbox; the colleague's Khẩn message opened (its
 * signed receipt goes out: "Đã gửi xác nhận đã đọc"), answered with Reply, signed and sent.
 */
async function answerMessageStep({ page, ws, language, t, hooks, openScreen, switchTo, stepDone }: StepDriver): Promise<void> {
  await switchTo(ws.messaging.zoneName[language], language === 'vi' ? 'Tập huấn: đọc tin nhắn mật' : 'Training: read classified messages');
  // Connected, the inbox fetched: the Hoả tốc one rises over whatever screen is shown and takes the focus.
  const urgent = page.getByRole('alertdialog', { name: t('messages.urgent.title') });
  await urgent.waitFor({ timeout: 30_000 });
  await hooks.screen('08a-urgent-message');
  await urgent.getByRole('button', { name: t('messages.urgent.open'), exact: true }).click();
  await page.getByRole('heading', { level: 3 }).first().waitFor();
  await page.getByRole('button', { name: t('messages.reader.back'), exact: true }).click();

  await openScreen('messages');
  await page.getByRole('button', { name: ws.messaging.subject, exact: true }).click();
  await page.getByRole('heading', { level: 3, name: ws.messaging.subject }).waitFor();
  await page.getByText(t('messages.reader.receiptSent'), { exact: true }).waitFor({ timeout: 30_000 });
  await hooks.screen('08b-message-read');
  await page.getByRole('button', { name: t('messages.reader.reply'), exact: true }).click();
  await page.getByLabel(t('messages.compose.body'), { exact: true }).fill(language === 'vi' ? 'Đã nhận kế hoạch, xin cảm ơn đồng chí.' : 'Plan received, thank you.');
  await page.getByRole('button', { name: t('messages.compose.submit'), exact: true }).click();
  const sent = page.getByText(t('messages.compose.sent'), { exact: true });
  await sent.waitFor({ timeout: 30_000 });
  await stepDone('answerMessage');
  await sent.scrollIntoViewIfNeeded();
  await hooks.screen('08c-reply-sent');
}

/**
 * makeBackup, as its text says: to the office LAN (its policy gives the kit's backup drive, chosen
 * already with the practice folder); "Back up now" from the keyboard; done said; the new backups in
 * the list — the practice folder's and the app's own data.
 */
async function makeBackupStep({ page, ws, language, t, hooks, openScreen, switchTo, stepDone }: StepDriver): Promise<void> {
  await switchTo(ws.officeLanName[language], language === 'vi' ? 'Tập huấn: sao lưu' : 'Training: back up');
  await openScreen('backups');
  await hooks.screen('08d-backups');
  await page.getByRole('button', { name: t('backups.now'), exact: true }).focus();
  await page.keyboard.press('Enter');
  // "Done: N files, size": the words before the numbers, whatever they are.
  const [donePrefix] = t('backups.done.run', { files: '\0', size: '' }).split('\0');
  await page.getByText(donePrefix ?? '', { exact: false }).waitFor({ timeout: 120_000 });
  await stepDone('makeBackup');
  const list = page.getByRole('table');
  await list.getByRole('row', { name: new RegExp(t('backups.appStores').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor();
  await list.getByText(path.dirname(ws.toSign), { exact: true }).waitFor();
  await list.scrollIntoViewIfNeeded();
  await hooks.screen('08e-backup-made');
}

/** The signDocument step, with the keyboard: the practice PDF chosen, seen, signed, and the check read (the verdict is the core's). */
async function signPracticePdf(ws: TourWorkstation, t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => string, openScreen: (screen: 'signing') => Promise<void>): Promise<void> {
  const { page } = ws;
  await openScreen('signing');
  await page.getByRole('button', { name: t('signing.choose') }).focus();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles([ws.toSign]);
  await page.locator('.pdf-page__text').first().waitFor();
  await page.getByRole('button', { name: t('signing.submit'), exact: true }).focus();
  await page.keyboard.press('Enter');
  const signedName = `${path.basename(ws.toSign, '.pdf')} (${t('signing.signedSuffix')}).pdf`;
  await page.getByText(t('signing.verdict.valid', { file: signedName })).waitFor({ timeout: 60_000 });
}
