/** The screens reachable from the navigation, in the order the navigation lists them. */
export const SCREEN_IDS = ['messages', 'documents', 'signing', 'backups', 'zones', 'token', 'audit'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

/** Screens not built yet: the navigation says so beside their names, and nobody lands on them. */
export const PLANNED_SCREENS: readonly ScreenId[] = [];

export const isPlanned = (screen: ScreenId): boolean => PLANNED_SCREENS.includes(screen);

/** Where an unlock lands: the first screen of the navigation that works. */
export const DEFAULT_SCREEN: ScreenId = SCREEN_IDS.find((screen) => !isPlanned(screen)) ?? SCREEN_IDS[0];
