import type { CDPSession, Page } from 'playwright-core';
import { BRIDGE } from '../../../shared/ipc/bridge.js';

const GROUP = 'airlock-dropped-file';

/**
 * The Chromium shell's webUtils.getPathForFile: the init script keeps a dropped File under a
 * random id; this fetches that object over CDP and asks Chromium where it lives on disk
 * (DOM.getFileInfo). Only the path crosses, never the bytes; null for a File without one.
 */
export function droppedFilePaths(): (page: Page, id: string) => Promise<string | null> {
  const sessions = new WeakMap<Page, Promise<CDPSession>>();
  return async (page, id) => {
    let session = sessions.get(page);
    if (session === undefined) {
      session = page.context().newCDPSession(page);
      sessions.set(page, session);
    }
    const cdp = await session;
    try {
      // The id is text from the page: passed as JSON, never spliced in as code.
      const { result } = await cdp.send('Runtime.evaluate', { expression: `window[${JSON.stringify(BRIDGE.droppedFile)}](${JSON.stringify(id)})`, objectGroup: GROUP });
      if (result.objectId === undefined || result.className !== 'File') return null;
      const { path } = await cdp.send('DOM.getFileInfo', { objectId: result.objectId });
      return path === '' ? null : path;
    } catch {
      return null;
    } finally {
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
    }
  };
}
