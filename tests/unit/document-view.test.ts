import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { viewOf } from '../../renderer/src/features/documents/documents.js';

describe('what the document viewer shows for a media type (renderer/src/documents.ts viewOf)', () => {
  const bytes = new TextEncoder().encode('Kính gửi');

  it('decodes any text/* as UTF-8, whatever the parameters', () => {
    assert.deepEqual(viewOf('text/plain; charset=utf-8', bytes), { status: 'text', text: 'Kính gửi' });
    assert.deepEqual(viewOf('Text/CSV', bytes), { status: 'text', text: 'Kính gửi' });
  });

  it('hands raster images and PDFs their bytes as they are, for the component to draw from memory', () => {
    assert.deepEqual(viewOf('image/PNG', bytes), { status: 'image', mediaType: 'image/png', bytes });
    const pdf = viewOf('Application/PDF; name="Báo cáo.pdf"', bytes);
    assert.deepEqual(pdf, { status: 'pdf', bytes });
    assert.equal(pdf.status === 'pdf' && pdf.bytes, bytes, 'the same bytes: the component copies them for pdf.js');
  });

  it('names anything else unsupported, SVG and PDF look-alikes included', () => {
    for (const type of ['image/svg+xml', 'application/x-pdf', 'application/pdfx', '']) {
      assert.deepEqual(viewOf(type, bytes), { status: 'unsupported', mediaType: type });
    }
  });
});
