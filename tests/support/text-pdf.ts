/**
 * A small valid PDF 1.4 built by hand: one A4 page per entry of `pages`, each line in Helvetica
 * (not embedded, WinAnsi), uncompressed so a plaintext scan can find its words, with the xref
 * table's byte offsets computed as the file is written. ASCII text only.
 */
export function textPdf(pages: readonly (readonly string[])[]): Buffer {
  const escape = (line: string) => {
    if (!/^[\x20-\x7e]*$/.test(line)) throw new Error('textPdf writes printable ASCII only');
    return line.replace(/[\\()]/g, (character) => `\\${character}`);
  };
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 4 + 2 * index);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  for (const [index, lines] of pages.entries()) {
    const pageId = 4 + 2 * index;
    const content = ['BT', '/F1 18 Tf', '24 TL', '72 770 Td', ...lines.map((line) => `(${escape(line)}) Tj T*`), 'ET'].join('\n');
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  }

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
