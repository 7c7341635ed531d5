// Backup names both sides share, as plain constants: no zod here, so the renderer can import them.

/**
 * The path a snapshot of the app's own stores records (docs/backup-repository.md "The app's
 * stores"): there is no folder of the user's to name, and no real path starts with it.
 */
export const APP_STORES_PATH = 'airlock:stores';
