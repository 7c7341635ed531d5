/**
 * Repetitions that hunt for rare orderings and crash points (kill rounds, key-order races) run in
 * full only with AIRLOCK_SOAK=1 (`npm run test:soak`); every ordinary run keeps enough rounds that
 * each path is still taken, so the 40-minute CI budget goes to breadth rather than repeats.
 */
export const SOAK = process.env['AIRLOCK_SOAK'] === '1';

/** `quick` rounds in an ordinary run, `soak` rounds with AIRLOCK_SOAK=1. */
export function rounds(quick: number, soak: number): number {
  return SOAK ? soak : quick;
}
