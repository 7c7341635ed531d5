/** A JPEG 2000 picture (as a scanner's PDF carries it), drawn on the first page at IMAGE_BOX. */
export interface ScannedImage {
  readonly width: number;
  readonly height: number;
  /** A JP2 file's bytes (opj_compress). */
  readonly jp2: Buffer;
}

/** Where the scanned image sits on the first page, in PDF points from the bottom left: x, y, size. */
export const IMAGE_BOX = { x: 72, y: 300, size: 300 } as const;

/**
 * A small valid PDF 1.4 built by hand: one A4 page per entry of `pages`, each line in Helvetica
 * (not embedded, WinAnsi), uncompressed so a plaintext scan can find its words, with the xref
 * table's byte offsets computed as the file is written. ASCII text only.
 */
export function textPdf(pages: readonly (readonly string[])[], scanned?: ScannedImage): Buffer {
  const escape = (line: string) => {
    if (!/^[\x20-\x7e]*$/.test(line)) throw new Error('textPdf writes printable ASCII only');
    return line.replace(/[\\()]/g, (character) => `\\${character}`);
  };
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 4 + 2 * index);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const imageId = 4 + 2 * pages.length;
  for (const [index, lines] of pages.entries()) {
    const pageId = 4 + 2 * index;
    const withImage = scanned !== undefined && index === 0;
    const drawing = withImage ? [`q ${IMAGE_BOX.size} 0 0 ${IMAGE_BOX.size} ${IMAGE_BOX.x} ${IMAGE_BOX.y} cm /Im1 Do Q`] : [];
    const content = [...drawing, 'BT', '/F1 18 Tf', '24 TL', '72 770 Td', ...lines.map((line) => `(${escape(line)}) Tj T*`), 'ET'].join('\n');
    const images = withImage ? ` /XObject << /Im1 ${imageId} 0 R >>` : '';
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >>${images} >> /Contents ${pageId + 1} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  }
  // Binary stream data survives the latin1 string building byte for byte.
  if (scanned !== undefined) objects.push(`<< /Type /XObject /Subtype /Image /Width ${scanned.width} /Height ${scanned.height} /Filter /JPXDecode /Length ${scanned.jp2.length} >>\nstream\n${scanned.jp2.toString('latin1')}\nendstream`);

  // The second line's high bytes tell tools the file is binary, as the spec recommends.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  // Each xref entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, then space and newline.
  const entries = ['0000000000 65535 f \n', ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)];
  body += `xref\n0 ${objects.length + 1}\n${entries.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
