// The visible block's font ships with the app (docs/signing.md "Visible block"): it is found in the
// project's node_modules (or a packaged app's resources/fonts), never among the system's fonts — a
// visible block is drawn, with DejaVu Sans embedded, in a mount namespace where /usr/share/fonts is empty.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { BLOCK_FONT_NAME, blockFontCandidates, readBlockFont } from '../../../electron/core/document-signing/block-font.js';
import { run } from '../../support/signing-fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the visible block\'s font, shipped with the app', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-block-font-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('outside Electron it is read from the project\'s node_modules (dejavu-fonts-ttf), and no system font folder is looked in', async () => {
    const candidates = blockFontCandidates();
    assert.deepEqual(candidates, [path.join(root, 'node_modules', 'dejavu-fonts-ttf', 'ttf', BLOCK_FONT_NAME)]);
    const font = await readBlockFont();
    assert.equal(font.file, candidates[0]);
    assert.equal(font.postscriptName, 'DejaVuSans');
    assert.ok(font.bytes.length > 500_000, `${font.bytes.length} bytes`);
  });

  it('in the packaged app its resources/fonts copy comes first', () => {
    const candidates = blockFontCandidates('/opt/Airlock/resources');
    assert.equal(candidates[0], `/opt/Airlock/resources/fonts/${BLOCK_FONT_NAME}`);
    assert.ok(candidates.every((file) => !file.startsWith('/usr/share/')), candidates.join(', '));
  });

  // A machine without the directory already is the case under test: the child then mounts nothing.
  it('with /usr/share/fonts emptied (a tmpfs over it, in its own mount namespace) a visible block is still drawn in embedded DejaVu Sans', async () => {
    const script = path.join(dir, 'draw-block.mts');
    const input = path.join(dir, 'tờ trình.pdf');
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    await writeFile(input, await doc.save({ useObjectStreams: false }));
    const output = path.join(dir, 'khối chữ ký.pdf');
    const placeholder = path.join(root, 'electron/core/document-signing/pdf-incremental-placeholder.ts');
    await writeFile(
      script,
      `import { readdir, readFile, writeFile } from 'node:fs/promises';
import { withSignaturePlaceholder } from ${JSON.stringify(placeholder)};
const systemFonts = await readdir('/usr/share/fonts').catch(() => []);
if (systemFonts.length !== 0) throw new Error('/usr/share/fonts is not hidden');
const signed = await withSignaturePlaceholder(await readFile(process.argv[2]), {
  name: 'Trần Thị Bình', reason: '', location: '', signingTime: new Date('2026-12-05T02:17:48Z'),
  visible: { placement: { page: 0, x: 320, y: 60, width: 240, height: 64 }, text: { name: 'Trần Thị Bình', organization: 'Văn phòng Tỉnh uỷ Thừa Thiên Huế', signingTime: new Date('2026-12-05T02:17:48Z') } },
});
await writeFile(process.argv[3], signed);
`,
    );
    await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', '{ [ ! -d /usr/share/fonts ] || mount -t tmpfs airlock-no-fonts /usr/share/fonts; } && exec node --import tsx "$0" "$1" "$2"', script, input, output], { cwd: root });
    const fonts = (await run('pdffonts', [output])).stdout;
    assert.match(fonts, /^[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/m, fonts);
    const text = (await run('pdftotext', [output, '-'])).stdout;
    assert.match(text, /Ký bởi: Trần Thị Bình/);
    assert.match(text, /Cơ quan: Văn phòng Tỉnh uỷ Thừa Thiên Huế/);
    assert.ok((await readFile(output)).length < 80 * 1024, 'a subset, not the whole font');
  });
});
