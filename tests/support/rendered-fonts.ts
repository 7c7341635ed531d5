import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright-core';

export interface RenderedFont {
  family: string;
  /** A web font (an @font-face the page loaded), not one of the system's. */
  custom: boolean;
  glyphs: number;
}

/** What Chromium actually drew a node's text with, asked through CDP (CSS.getPlatformFontsForNode). */
export class RenderedFonts {
  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<RenderedFonts> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    return new RenderedFonts(cdp);
  }

  async of(selector: string): Promise<RenderedFont[]> {
    const { root } = await this.cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await this.cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    assert.ok(nodeId > 0, `${selector} is in the page`);
    const { fonts } = await this.cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((font) => ({ family: font.familyName, custom: font.isCustomFont, glyphs: font.glyphCount }));
  }

  /** The fonts that drew part of the node's text and are not `family` (bundled) itself. */
  async otherThan(selector: string, family: string): Promise<RenderedFont[]> {
    return (await this.of(selector)).filter((font) => !font.custom || font.family !== family);
  }

  detach(): Promise<void> {
    return this.cdp.detach().catch(() => undefined);
  }
}
