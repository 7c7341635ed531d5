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

/** The first page rendered by pdftoppm (-cropbox: the crop box, as readers show it, not the media box) as a binary PPM. */
export async function renderFirstPage(file: string): Promise<Raster> {
  const ppm = (await run('pdftoppm', ['-r', '72', '-cropbox', '-f', '1', '-l', '1', file], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout;
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  assert.ok(header !== null, 'a binary PPM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: ppm.subarray(header[0].length) };
}

/** Darker than light grey: ink, not paper. */
export function isDark(raster: Raster, at: number): boolean {
  return (raster.pixels[at] ?? 255) + (raster.pixels[at + 1] ?? 255) + (raster.pixels[at + 2] ?? 255) < 3 * 200;
}
