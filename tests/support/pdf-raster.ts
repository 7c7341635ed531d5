// A PDF page as poppler shows it, for tests that look at where ink landed: pdftoppm at 72 dpi (one
// pixel per point), turned by the page's /Rotate and cut to its crop box, as a reader shows it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGB, row by row from the top. */
  readonly pixels: Buffer;
}

/** A page (from 1) rendered by pdftoppm (-cropbox: the crop box, as readers show it, not the media box) as a binary PPM. */
export async function renderPage(file: string, page = 1): Promise<Raster> {
  const ppm = (await run('pdftoppm', ['-r', '72', '-cropbox', '-f', String(page), '-l', String(page), file], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout;
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  assert.ok(header !== null, 'a binary PPM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: ppm.subarray(header[0].length) };
}

/** Darker than light grey: ink, not paper. */
export function isDark(raster: Raster, at: number): boolean {
  return (raster.pixels[at] ?? 255) + (raster.pixels[at + 1] ?? 255) + (raster.pixels[at + 2] ?? 255) < 3 * 200;
}

/** The smallest box holding every pixel that differs between two renderings of one page, from the top left; null when none differs. */
export function changedBox(a: Raster, b: Raster): { left: number; top: number; right: number; bottom: number } | null {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (let row = 0; row < a.height; row++) {
    for (let column = 0; column < a.width; column++) {
      const at = (row * a.width + column) * 3;
      if (a.pixels[at] === b.pixels[at] && a.pixels[at + 1] === b.pixels[at + 1] && a.pixels[at + 2] === b.pixels[at + 2]) continue;
      box = box === null ? { left: column, top: row, right: column + 1, bottom: row + 1 } : { left: Math.min(box.left, column), top: Math.min(box.top, row), right: Math.max(box.right, column + 1), bottom: Math.max(box.bottom, row + 1) };
    }
  }
  return box;
}
