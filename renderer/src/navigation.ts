/** The screens reachable from the navigation, in the order the navigation lists them. */
export const SCREEN_IDS = ['messages', 'documents', 'backups', 'zones', 'token', 'audit'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

export const DEFAULT_SCREEN: ScreenId = 'messages';
