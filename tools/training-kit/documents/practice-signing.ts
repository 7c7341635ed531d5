// The PDF the trainee signs in the guided tour's signDocument step: a plain, unsigned letter in the
// training folder (not the inbox, which holds containers), named as the step's text names it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PRACTICE_PDF_NAME } from '../../../shared/domain/tour.js';
import { textPdf } from './text-pdf.js';

/** The practice PDF's folder in the training folder (beside the inbox). */
export const PRACTICE_FOLDER = 'van-ban-can-ky';

/** Writes the practice PDF into `folder` (made if missing) and returns its path. */
export async function writePracticePdf(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, PRACTICE_PDF_NAME);
  const pdf = textPdf([['TO TRINH XIN Y KIEN LANH DAO (tap huan)', '', 'Ve viec: to chuc hoi nghi so ket cong tac nam.', 'Tai lieu luyen tap: khong co noi dung that.', 'Nguoi ky: lanh dao don vi']]);
  await writeFile(file, pdf, { mode: 0o600 });
  return file;
}
