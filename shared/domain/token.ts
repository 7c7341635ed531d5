import { z } from 'zod';

/**
 * A token is named by serial + label, never by slot index: slot numbers change when tokens are
 * plugged in another order, and signing with the wrong token must be impossible.
 */
export const TokenRef = z.strictObject({
  serial: z.string().min(1).max(32),
  label: z.string().min(1).max(32),
});
export type TokenRef = z.infer<typeof TokenRef>;

/** What the token says about the user PIN, in the words the UI uses. */
export const PinTries = z.enum(['ok', 'fewLeft', 'lastTry', 'locked']);
export type PinTries = z.infer<typeof PinTries>;

export const TokenSummary = z.strictObject({
  ref: TokenRef,
  manufacturer: z.string().max(32),
  model: z.string().max(16),
  pinTries: PinTries,
  /** A PIN pad reader: the PIN is typed on the reader, never in the app. */
  protectedAuthPath: z.boolean(),
  pinMustChange: z.boolean(),
  loggedIn: z.boolean(),
});
export type TokenSummary = z.infer<typeof TokenSummary>;

/** PKCS#11 PINs of the tokens in use are 4 to 16 characters; longer is refused before the token sees it. */
export const Pin = z.string().min(4).max(64);

/**
 * The token service itself: restarting from a token process's death until a new process is ready;
 * moduleMissing when no configured PKCS#11 module could be loaded (a missing driver is not retried).
 */
export const TokenServiceStatus = z.strictObject({ restarting: z.boolean(), moduleMissing: z.boolean() });
export type TokenServiceStatus = z.infer<typeof TokenServiceStatus>;
