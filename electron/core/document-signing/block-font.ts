// The visible block's font ships with the app, never taken from the system: DejaVu Sans from the npm
// package dejavu-fonts-ttf (Bitstream Vera licence, free to redistribute; every precomposed Vietnamese
// letter). The packaged app carries it as a plain file in resources/fonts (electron-builder.yml
// extraResources, outside the asar); development, tests and the command line read it from node_modules.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { SignatureError } from './signature-error.js';

export const BLOCK_FONT_NAME = 'DejaVuSans.ttf';

/** The font file and what fontkit read from it. */
export interface BlockFont {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly postscriptName: string;
}

/** Electron's main process sets process.resourcesPath (the packaged app's resources folder); plain Node does not. */
const electronResources = (): string | undefined => (process as { resourcesPath?: string }).resourcesPath;

/** Where the font is looked for, in order: the packaged app's resources/fonts, then the npm package. */
export function blockFontCandidates(resourcesPath: string | undefined = electronResources()): string[] {
  const candidates = resourcesPath === undefined ? [] : [path.join(resourcesPath, 'fonts', BLOCK_FONT_NAME)];
  try {
    const manifest = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
    candidates.push(path.join(path.dirname(manifest), 'ttf', BLOCK_FONT_NAME));
  } catch {
    // Packaged: the package is left out of the asar (electron-builder.yml); resources/fonts holds the file.
  }
  return candidates;
}

/** The first candidate that is a readable TrueType font; none: blockFontMissing, naming what was tried. */
export async function readBlockFont(candidates: readonly string[] = blockFontCandidates()): Promise<BlockFont> {
  const tried: string[] = [];
  for (const file of candidates) {
    try {
      const bytes = await readFile(file);
      const { postscriptName } = fontkit.create(bytes);
      if (postscriptName === null) throw new Error('no PostScript name');
      return { file, bytes, postscriptName };
    } catch (error) {
      tried.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? 'not a font'}`);
    }
  }
  throw new SignatureError('blockFontMissing', { reason: tried.length === 0 ? 'nowhere to look' : tried.join('; ') });
}
