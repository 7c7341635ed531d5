import { readFileSync } from 'node:fs';

/**
 * Pinned root CAs for the shells: `AIRLOCK_TRUST_ANCHORS` names a PEM bundle. Never the OS
 * store. Unset means no roots: every certificate then fails as "unknown root" (fail closed).
 * A named file that cannot be read stops the start with a clear message rather than running
 * with fewer roots than the administrator configured.
 */
function bundle(env: NodeJS.ProcessEnv, name: string): string[] {
  const file = env[name];
  if (file === undefined || file === '') return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch (error) {
    throw new Error(`${name} names ${file}, which cannot be read (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** `AIRLOCK_TRUST_INTERMEDIATES` (optional) names the issuing CAs, for tokens that carry only their own certificate. */
export function trustFromEnvironment(env: NodeJS.ProcessEnv): { anchors: string[]; intermediates: string[] } {
  return { anchors: bundle(env, 'AIRLOCK_TRUST_ANCHORS'), intermediates: bundle(env, 'AIRLOCK_TRUST_INTERMEDIATES') };
}
