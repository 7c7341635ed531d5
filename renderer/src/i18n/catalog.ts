import type { AuditKind, AuditVerdict } from '../../../shared/domain/audit.js';
import type { AuditDetailKey, AuditDetailValueKey } from '../../../shared/domain/audit-kinds.js';
import type { CertificateInvalidReason, CertificatePurpose } from '../../../shared/domain/certificate.js';
import type { Classification } from '../../../shared/domain/classification.js';
import type { Language } from '../../../shared/domain/language.js';
import type { LockReason } from '../../../shared/domain/session.js';
import type { MessageSummary, MessagingStatus, SentMessageView } from '../../../shared/domain/message.js';
import type { PinTries } from '../../../shared/domain/token.js';
import type { PolicyRefusal, SwitchStep, WatchdogAction, ZoneService } from '../../../shared/domain/zone-vocabulary.js';
import type { StepState } from '../features/zones/zone-switch.js';
import type { AppInfo } from '../../../shared/ipc/contract.js';
import type { Alert, TitledChannel, TitledCode } from '../alerts.js';
import type { ErrorMessageKey, IpcError } from '../../../shared/ipc/errors.js';
import type { TrainingOfficial } from '../../../shared/ipc/contracts/training.js';
import type { AuditResult } from '../features/audit/audit-filter.js';
import type { CrlProblem } from '../features/token/crl-import.js';
import { en } from './en.js';
import { vi } from './vi.js';

// Pure module: tests load it under plain Node, so no DOM and no React; shared imports are type-only
// so that zod stays out of the renderer bundle.

type Reference = typeof vi;
export type MessageKey = keyof Reference;

/** Tries states that deserve a warning before (and after) a PIN is typed. */
type WarnedTries = Exclude<PinTries, 'ok'>;

/** What the integrity check can find wrong with the log's first bad entry. */
export type AuditProblem = Extract<AuditVerdict, { ok: false }>['problem'];

/**
 * Every detail key the core may record (shared/domain/audit-kinds.ts) and the closed values it
 * writes: listed in DerivedKey, so each needs its words in both catalogs.
 */
export type { AuditDetailKey, AuditDetailValueKey } from '../../../shared/domain/audit-kinds.js';

/** How close a certificate is to its end date, when it is close enough to say so. */
export type ExpiryWarning = 'expired' | 'lastDay' | 'oneDay' | 'soon';

/**
 * Keys the UI builds from values the core sends. Listing them here makes a new error code,
 * level, lock reason, certificate verdict or CRL rejection fail compilation until both
 * catalogs translate it.
 */
type DerivedKey =
  | ErrorMessageKey
  | `classification.${Classification}`
  | `lockReason.${LockReason}`
  | `pinTries.${PinTries}`
  | `pinTriesWarning.${WarnedTries}`
  | `certificate.invalid.${CertificateInvalidReason}`
  | `certificate.purpose.${CertificatePurpose}`
  | `certificate.expiry.${ExpiryWarning}`
  | `shell.${AppInfo['shell']}`
  | `audit.kind.${AuditKind}`
  | `audit.result.${AuditResult}`
  | `audit.problem.${AuditProblem}`
  | `audit.detail.${AuditDetailKey}`
  | `audit.value.${AuditDetailValueKey}`
  | `crl.rejected.${CrlProblem}`
  | `zones.step.${SwitchStep}`
  | `zones.stepState.${StepState}`
  | `zones.policyRefusal.${PolicyRefusal}`
  | `zones.watchdog.${WatchdogAction}`
  | `zones.service.${ZoneService}`
  | `alert.failed.${TitledChannel}`
  | `alert.code.${TitledCode}`
  | `training.role.${TrainingOfficial['role']}`
  | `messages.precedence.${MessageSummary['precedence']}`
  | `messages.delivery.${SentMessageView['recipients'][number]['state']}`
  | `messages.unavailable.${NonNullable<MessagingStatus['unavailable']>}`
  | `messages.connection.${Exclude<MessagingStatus['connection']['kind'], 'serverDown'>}`;

export const catalogs = { vi, en } satisfies Record<Language, Record<MessageKey, string> & Record<DerivedKey, string>>;

/**
 * Every language, in the order the switch offers them, and the one used until the core answers:
 * from the zod-free shared module (the schema module would pull zod into the bundle). `satisfies`
 * above makes the catalogs cover exactly these.
 */
export { DEFAULT_LANGUAGE, LANGUAGES } from '../../../shared/domain/languages.js';

/** The `{name}` placeholders of a reference text, so a missing parameter is a compile error. */
type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
export type MessageParams<K extends MessageKey> = Readonly<Record<Placeholders<Reference[K]>, string | number>>;
export type ParamArgs<K extends MessageKey> = [Placeholders<Reference[K]>] extends [never] ? [] : [params: MessageParams<K>];

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

export function translate<K extends MessageKey>(language: Language, key: K, ...args: ParamArgs<K>): string {
  const text: string = catalogs[language][key];
  const params: Readonly<Record<string, string | number>> | undefined = args[0];
  if (params === undefined) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}

export type Translate = <K extends MessageKey>(key: K, ...args: ParamArgs<K>) => string;

/** `translate` bound to one language: what components call `t`. */
export function translatorFor(language: Language): Translate {
  return (key, ...args) => translate(language, key, ...args);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}

/**
 * The catalog key `prefix` + `value` for a value that arrived over IPC, or null when the catalog
 * has no such text. The key type is the catalog's own keys with that prefix, so a caller can only
 * ask for families whose texts take no parameters (else its `t(key)` does not compile).
 */
export function keyFor<P extends string>(prefix: P, value: unknown): Extract<MessageKey, `${P}${string}`> | null {
  if (typeof value !== 'string') return null;
  const key: string = `${prefix}${value}`;
  if (!isMessageKey(key)) return null;
  return key as Extract<MessageKey, `${P}${string}`>;
}

type ErrorKey = Extract<MessageKey, `error.${string}`>;

function isErrorKey(key: string): key is ErrorKey {
  return key.startsWith('error.') && isMessageKey(key);
}

/**
 * The key to show for an error from the core. The key arrives over IPC, so it is checked against
 * the catalog's error texts: an unknown one shows the generic internal error, never the raw text.
 */
export function errorMessageKey(error: Pick<IpcError, 'code' | 'messageKey'>): ErrorKey {
  if (isErrorKey(error.messageKey)) return error.messageKey;
  const byCode = `error.${error.code}`;
  return isErrorKey(byCode) ? byCode : 'error.ipc.internal';
}

/** An alert's title: what failed, by the error when it says it best, else by the request; the generic title only for neither. */
export function alertTitleKey(alert: Pick<Alert, 'code' | 'channel'>): Extract<MessageKey, `alert.${string}`> {
  return keyFor('alert.code.', alert.code) ?? keyFor('alert.failed.', alert.channel) ?? 'alert.title';
}

const WARNED_TRIES: readonly string[] = ['fewLeft', 'lastTry', 'locked'] satisfies readonly WarnedTries[];

function isWarnedTries(tries: unknown): tries is WarnedTries {
  return typeof tries === 'string' && WARNED_TRIES.includes(tries);
}

/** The warning for a token's tries state, or null when nothing needs saying ('ok', or an unknown value). */
export function triesWarningKey(tries: unknown): `pinTriesWarning.${WarnedTries}` | null {
  return isWarnedTries(tries) ? `pinTriesWarning.${tries}` : null;
}

/**
 * The extra line after a wrong PIN: what the token says is left. Not after "token locked", whose
 * own text already says so; the value arrives over IPC, so an unknown one adds nothing.
 */
export function errorTriesKey(error: Pick<IpcError, 'code' | 'details'>): `pinTriesWarning.${WarnedTries}` | null {
  if (error.code === 'token.pinLocked') return null;
  return triesWarningKey(error.details?.pinTries);
}

/** Renewal takes time: a month ahead is when the cipher officer wants to hear about it. */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * The expiry notice for a certificate with `daysLeft` until its end date, or null when it is far
 * off. One day and the last day have their own texts: English counts "1 day", not "1 days".
 */
export function expiryWarningKey(daysLeft: number): `certificate.expiry.${ExpiryWarning}` | null {
  if (daysLeft < 0) return 'certificate.expiry.expired';
  if (daysLeft === 0) return 'certificate.expiry.lastDay';
  if (daysLeft === 1) return 'certificate.expiry.oneDay';
  return daysLeft <= EXPIRY_WARNING_DAYS ? 'certificate.expiry.soon' : null;
}
