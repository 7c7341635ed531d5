import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchApp } from '../support/chromium-shell.js';
import { RenderedFonts } from '../support/rendered-fonts.js';

/** Every Vietnamese letter: the twelve vowels with no tone and all five tones, in both cases, and đ/Đ. */
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const lower = VOWELS.flatMap((vowel) => TONES.map((tone) => (vowel + tone).normalize('NFC'))).join('') + 'đ';
const VIETNAMESE_ALPHABET = `${lower}${lower.toUpperCase()}`;

const rendererAssets = path.resolve(import.meta.dirname, '../../dist/renderer/assets');

/** The built CSS: which families its rules name first, and which of them an @font-face bundles. */
function builtCss(): { named: Set<string>; bundled: Set<string>; faces: string[] } {
  const css = readdirSync(rendererAssets)
    .filter((file) => file.endsWith('.css'))
    .map((file) => readFileSync(path.join(rendererAssets, file), 'utf8'))
    .join('\n');
  const unquote = (family: string) => family.trim().replace(/^['"]|['"]$/g, '');
  const faces = [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map((match) => match[1] ?? '');
  const bundled = new Set(faces.filter((face) => /src:\s*url\(\/?assets\//.test(face)).map((face) => unquote(/font-family:\s*([^;]+)/.exec(face)?.[1] ?? '')));
  const outside = css.replace(/@font-face\s*{[^}]*}/g, '');
  // A family list may come through a custom property (--font-text: 'Noto Sans', …); a var() itself names nothing.
  const lists = [...outside.matchAll(/(?:font-family\s*:\s*|--font-[a-z]+\s*:\s*(?=['"]))([^;}]+)/g)].map((match) => match[1] ?? '').filter((list) => !list.includes('var('));
  const named = new Set(lists.map((list) => unquote(list.split(',')[0] ?? '')).filter((family) => family !== 'inherit'));
  return { named, bundled, faces };
}

/** Puts a probe element into the real page (CSSOM only: the CSP refuses style attributes and tags). */
async function probe(page: Page, tag: string, className: string, family: string | null, weight: number): Promise<void> {
  await page.evaluate(
    ({ tag, className, family, weight, text }) => {
      document.getElementById('font-probe')?.remove();
      const element = document.createElement(tag);
      element.id = 'font-probe';
      if (className !== '') element.className = className;
      if (family !== null) element.style.fontFamily = `'${family}'`;
      element.style.fontWeight = String(weight);
      if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) element.value = text;
      else element.textContent = text;
      document.getElementById('main')?.append(element);
    },
    { tag, className, family, weight, text: VIETNAMESE_ALPHABET },
  );
  // Subsets load by unicode-range on first use: wait until what the probe needs is in.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

describe('Bundled fonts cover Vietnamese (real Chromium, built renderer, CDP platform fonts)', () => {
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let fonts: RenderedFonts;
  const css = builtCss();
  let firstScreenFonts: string[] = [];

  before(async () => {
    ({ shell, core } = await launchApp());
    page = shell.page;
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // A string, so tsx's helpers stay out of the page.
    firstScreenFonts = (await page.evaluate(`performance.getEntriesByType('resource').map((r) => r.name).filter((name) => /\\.woff2?$/.test(name))`)) as string[];
    fonts = await RenderedFonts.attach(page);
  });
  after(async () => {
    await fonts?.detach();
    await shell?.close();
    core?.stop();
  });

  it('names, as the first choice of every font list, only families the build bundles', () => {
    assert.ok(css.named.size > 0, 'the built CSS names fonts');
    assert.deepEqual([...css.named].filter((family) => !css.bundled.has(family)), [], `bundled: ${[...css.bundled].join(', ')}`);
  });

  it('gives every bundled face its unicode-range, so the first screen fetches only the subsets its letters need', () => {
    assert.deepEqual(css.faces.filter((face) => !/unicode-range:/.test(face)), [], 'a face without a range covers every letter: its file is fetched for any text');
    assert.ok(firstScreenFonts.some((file) => /vietnamese/.test(file)), firstScreenFonts.join(', '));
    assert.deepEqual(firstScreenFonts.filter((file) => /latin-ext|\.woff$/.test(file)), [], 'Vietnamese text needs the latin and vietnamese subsets only, as woff2');
  });

  it('draws the whole Vietnamese alphabet in each named family, regular and bold, with that bundled font alone', async () => {
    const problems: string[] = [];
    for (const family of css.named) {
      for (const weight of [400, 700]) {
        await probe(page, 'span', '', family, weight);
        const others = await fonts.otherThan('#font-probe', family);
        if (others.length > 0) problems.push(`${family} ${weight}: ${others.map((font) => `${font.glyphs} glyphs from ${font.family}${font.custom ? '' : ' (system)'}`).join(', ')}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("sets the viewer's text, paths, fingerprints and form fields in those bundled fonts", async () => {
    // The app's own classes and elements, styled by the built CSS: what the viewer and forms show.
    const areas = [
      { tag: 'pre', className: 'document-viewer__text' },
      { tag: 'span', className: 'file-path' },
      { tag: 'span', className: 'hex' },
      { tag: 'input', className: 'field__input' },
      { tag: 'textarea', className: 'field__input' },
      { tag: 'button', className: 'button' },
      { tag: 'p', className: 'prose' },
    ];
    const problems: string[] = [];
    for (const { tag, className } of areas) {
      await probe(page, tag, className, null, 400);
      const system = (await fonts.of('#font-probe')).filter((font) => !font.custom || !css.bundled.has(font.family));
      if (system.length > 0) problems.push(`${tag}.${className}: ${system.map((font) => `${font.glyphs} glyphs from ${font.family}`).join(', ')}`);
    }
    const viewerFamily = await page.evaluate(() => {
      document.getElementById('font-probe')?.remove();
      const pre = document.createElement('pre');
      pre.className = 'document-viewer__text';
      document.body.append(pre);
      const family = getComputedStyle(pre).fontFamily;
      pre.remove();
      return family;
    });
    assert.deepEqual(problems, []);
    assert.match(viewerFamily, /^"?Noto Sans Mono"?,/, 'the viewer is monospace, in the bundled monospace');
  });

  it('shows every text on every reachable screen, in both languages, in the bundled fonts only', async () => {
    const problems: string[] = [];
    for (const language of ['vi', 'en'] as const) {
      await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
      await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
      for (const screen of ['messages', 'documents', 'backups', 'zones', 'token', 'audit'] as const) {
        const name = translate(language, `screen.${screen}.name`);
        await page.getByRole('navigation', { name: translate(language, 'nav.label') }).getByRole('button', { name, exact: true }).click();
        await page.getByRole('heading', { level: 1, name }).waitFor();
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        // Mark every element that holds text of its own, then ask what drew each.
        const count = await page.evaluate(() => {
          let index = 0;
          for (const element of document.querySelectorAll('body *')) {
            element.removeAttribute('data-font-check');
            const own = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
            const field = (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) && element.value !== '';
            if (own || field) element.setAttribute('data-font-check', String(index++));
          }
          return index;
        });
        assert.ok(count > 5, `${language}/${screen}: texts found`);
        for (let index = 0; index < count; index += 1) {
          for (const font of (await fonts.of(`[data-font-check="${index}"]`)).filter((font) => !font.custom || !css.bundled.has(font.family))) problems.push(`${language}/${screen} #${index}: ${font.glyphs} glyphs from ${font.family}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
