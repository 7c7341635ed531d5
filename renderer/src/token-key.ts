import type { TokenRef } from '../../shared/domain/token.js';

/**
 * Serial and label together name a token (never the slot); JSON keeps the pair unambiguous.
 * Pure, so the store (which runs under plain Node in tests) can key per-token state by it.
 */
export function tokenKey(ref: TokenRef): string {
  return JSON.stringify([ref.serial, ref.label]);
}
