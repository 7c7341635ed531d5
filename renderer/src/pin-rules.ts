// Pure module: what the renderer checks before a PIN goes to the core. Checking here costs the
// user none of the token's tries, and keeps requests inside what the contract accepts.

/** The contract's bounds (shared/domain/token.ts Pin), restated: importing it would pull zod into the bundle. */
export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 64;
/** A new PIN follows the rule of the tokens in use (4 to 16 characters), which the form states. */
export const NEW_PIN_MAX_LENGTH = 16;

export type UnlockPinProblem = 'pin.tooShort';
export type PinChangeProblem = 'pinChange.oldTooShort' | 'pinChange.newLength' | 'pinChange.mismatch';

export function unlockPinProblem(pin: string): UnlockPinProblem | null {
  return pin.length < PIN_MIN_LENGTH ? 'pin.tooShort' : null;
}

/** The first thing wrong with a PIN change, or null; the repeat is compared here, never sent. */
export function pinChangeProblem(oldPin: string, newPin: string, repeat: string): PinChangeProblem | null {
  if (oldPin.length < PIN_MIN_LENGTH) return 'pinChange.oldTooShort';
  if (newPin.length < PIN_MIN_LENGTH || newPin.length > NEW_PIN_MAX_LENGTH) return 'pinChange.newLength';
  if (newPin !== repeat) return 'pinChange.mismatch';
  return null;
}
