/** Lock after 10 minutes without the user touching the app (the policy may shorten it later). */
export const IDLE_LOCK_MS = 10 * 60 * 1000;
