import { CIPHER_ZONE, OFFICE_LAN_ZONE, PRACTICE_PDF_NAME, type TourStepId } from '../../../../shared/domain/tour.js';
import type { TrainingStatus } from '../../../../shared/ipc/contracts/training.js';
import type { Language } from '../../../../shared/domain/language.js';
import type { ZonesOverview } from '../../../../shared/domain/zone.js';
import type { Translate } from '../../i18n/catalog.js';

/** What the panel says about one step: its title, what to do and why it matters. */
export interface TourStepTexts {
  readonly title: string;
  readonly what: string;
  readonly why: string;
}

export interface TourContext {
  readonly t: Translate;
  readonly language: Language;
  readonly training: TrainingStatus | null;
  readonly overview: ZonesOverview | null;
}

/**
 * Each step's texts, one entry per step id (the compiler insists: a step added in
 * shared/domain/tour.ts needs its texts here). The names of screens, sections and buttons come from
 * their own catalog keys, so the guide says exactly what the screen shows.
 */
export const TOUR_STEP_TEXTS: { readonly [id in TourStepId]: (context: TourContext) => TourStepTexts } = {
  unlock: ({ t }) => ({
    title: t('training.tour.step.unlock.title'),
    what: t('training.tour.step.unlock.what', { button: t('lock.unlock') }),
    why: t('training.tour.step.unlock.why'),
  }),
  openDocument: ({ t }) => ({
    title: t('training.tour.step.openDocument.title'),
    what: t('training.tour.step.openDocument.what', { screen: t('screen.documents.name'), section: t('documents.inbox.title'), button: t('documents.inbox.open') }),
    why: t('training.tour.step.openDocument.why'),
  }),
  encryptForColleague: ({ t }) => ({
    title: t('training.tour.step.encryptForColleague.title'),
    what: t('training.tour.step.encryptForColleague.what', { screen: t('screen.documents.name'), section: t('encrypt.title'), button: t('encrypt.submit') }),
    why: t('training.tour.step.encryptForColleague.why'),
  }),
  signDocument: ({ t }) => ({
    title: t('training.tour.step.signDocument.title'),
    what: t('training.tour.step.signDocument.what', { screen: t('screen.signing.name'), button: t('signing.choose'), submit: t('signing.submit'), file: PRACTICE_PDF_NAME }),
    why: t('training.tour.step.signDocument.why'),
  }),
  switchZone: ({ t, language, overview }) => ({
    title: t('training.tour.step.switchZone.title'),
    what: t('training.tour.step.switchZone.what', {
      screen: t('screen.zones.name'),
      zone: overview?.zones.find((zone) => zone.id === OFFICE_LAN_ZONE)?.name[language] ?? t('training.tour.officeLan'),
    }),
    why: t('training.tour.step.switchZone.why'),
  }),
  // The step itself takes the trainee to the cipher network: the button named as the Zones screen shows it.
  answerMessage: ({ t, language, overview }) => ({
    title: t('training.tour.step.answerMessage.title'),
    what: t('training.tour.step.answerMessage.what', {
      zones: t('screen.zones.name'),
      switchButton: t('zones.switchTo', { name: overview?.zones.find((zone) => zone.id === CIPHER_ZONE)?.name[language] ?? t('training.tour.cipherZone') }),
      urgent: t('messages.urgent.title'),
      open: t('messages.urgent.open'),
      back: t('messages.reader.back'),
      screen: t('screen.messages.name'),
      khan: t('messages.precedence.khan'),
      receipt: t('messages.reader.receiptSent'),
      reply: t('messages.reader.reply'),
      send: t('messages.compose.submit'),
    }),
    why: t('training.tour.step.answerMessage.why', { sent: t('messages.pane.sent') }),
  }),
  // The office LAN is the zone whose policy gives the kit's backup drive: the button named as the Zones screen shows it.
  makeBackup: ({ t, language, overview }) => ({
    title: t('training.tour.step.makeBackup.title'),
    what: t('training.tour.step.makeBackup.what', {
      zones: t('screen.zones.name'),
      switchButton: t('zones.switchTo', { name: overview?.zones.find((zone) => zone.id === OFFICE_LAN_ZONE)?.name[language] ?? t('training.tour.officeLan') }),
      screen: t('screen.backups.name'),
      button: t('backups.now'),
      list: t('backups.list'),
    }),
    why: t('training.tour.step.makeBackup.why', { appStores: t('backups.appStores') }),
  }),
  verifyAudit: ({ t }) => ({
    title: t('training.tour.step.verifyAudit.title'),
    what: t('training.tour.step.verifyAudit.what', { screen: t('screen.audit.name'), button: t('audit.verify.button') }),
    why: t('training.tour.step.verifyAudit.why'),
  }),
};
