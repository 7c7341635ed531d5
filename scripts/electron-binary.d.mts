/** The Electron binary's path when it exists (scripts/electron-binary.mjs). */
export function electronBinary(root: string, env: NodeJS.ProcessEnv): string | undefined;
