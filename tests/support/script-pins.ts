import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import path from 'node:path';

/** The scripts a built renderer pins, read from its index.html: the entry and the chunks it may load later. */
export function builtScripts(rendererRoot: string): { entry: string; lazy: string[]; pins: Record<string, string> } {
  const html = readFileSync(path.join(rendererRoot, 'index.html'), 'utf8');
  const entry = /<script type="module" crossorigin integrity="[^"]+" src="([^"]+)">/.exec(html)?.[1];
  const map = /<script type="importmap">([^<]*)<\/script>/.exec(html)?.[1];
  if (entry === undefined) throw new Error(`${rendererRoot}/index.html has no pinned entry script`);
  // A build without an import map pins its one script in the tag only: nothing can load later.
  const pins = map === undefined ? {} : (JSON.parse(map) as { integrity: Record<string, string> }).integrity;
  return { entry, lazy: Object.keys(pins).filter((file) => file !== entry), pins };
}

/**
 * What Chromium logged for the page since it started loading, including before the test could
 * listen (CDP's Log domain replays the entries it kept): refused scripts, CSP and SRI failures.
 */
export async function pageLogSinceLaunch(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const entries: string[] = [];
    cdp.on('Log.entryAdded', ({ entry }) => entries.push(`${entry.source}/${entry.level}: ${entry.text}`));
    await cdp.send('Log.enable');
    // The kept entries arrive before Log.enable's answer; one more round trip to be sure they were handled.
    await cdp.send('Runtime.evaluate', { expression: '0' });
    return entries;
  } finally {
    await cdp.detach();
  }
}

/** Paths of the scripts the page fetched, from its own resource timing (which starts before any test hook can). */
export async function scriptsFetched(page: Page): Promise<string[]> {
  // A string, so tsx's helpers stay out of the page.
  return (await page.evaluate(`performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p.endsWith('.js'))`)) as string[];
}
