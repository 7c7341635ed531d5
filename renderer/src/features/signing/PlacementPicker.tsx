import { useId, useState } from 'react';
import { blockCentre, pagePartOf, type PageFraction } from '../../../../shared/domain/signature-placement.js';
import { useT } from '../../use-t.js';
import { TextField } from '../../components/TextField.js';
import { lazyPdfView } from '../documents/LazyPdfDocument.js';
import type { ShownPage } from './PlacementPreview.js';

/** The nine quick places on a page, as the block's centre in fractions of the page from its top-left corner. */
export const PLACES = [
  ['topLeft', 1 / 6, 1 / 8],
  ['topCentre', 1 / 2, 1 / 8],
  ['topRight', 5 / 6, 1 / 8],
  ['middleLeft', 1 / 6, 1 / 2],
  ['middleCentre', 1 / 2, 1 / 2],
  ['middleRight', 5 / 6, 1 / 2],
  ['bottomLeft', 1 / 6, 7 / 8],
  ['bottomCentre', 1 / 2, 7 / 8],
  ['bottomRight', 5 / 6, 7 / 8],
] as const;

export type PlaceName = (typeof PLACES)[number][0];

export function placeCentre(place: PlaceName): PageFraction {
  const found = PLACES.find(([name]) => name === place) ?? PLACES[8];
  return { x: found[1], y: found[2] };
}

// The preview needs pdf.js: loaded with it, on first use, from the PDF views' one chunk (PdfDocument.tsx).
const LazyPlacementPreview = lazyPdfView(() => import('../documents/PdfDocument.js').then((module) => module.PlacementPreview));

/** A page number as typed, from 1; null when it is not one (or past the document's end, once that is known). */
function pageOf(typed: string, count: number | undefined): number | null {
  const number = Number(typed.trim());
  return typed.trim() !== '' && Number.isSafeInteger(number) && number >= 1 && (count === undefined || number <= count) ? number : null;
}

/**
 * Where the visible signature goes: the page (its number, or the previous and next buttons), and on
 * that page, shown from memory, the block's outline at its real size and place: a click or tap puts
 * it there, the arrow keys move it, and nine quick places stay as radio buttons. Where it is, is
 * said in words (and announced to screen readers) as it moves.
 */
export function PlacementPicker({ pdf, page, spot, onPage, onSpot }: { pdf: Uint8Array | null; page: string; spot: PageFraction; onPage: (page: string) => void; onSpot: (spot: PageFraction) => void }) {
  const t = useT();
  const ids = { group: useId(), said: useId(), keys: useId() };
  const [shown, setShown] = useState<ShownPage | null>(null);
  const count = shown?.count;
  const number = pageOf(page, count);
  // Where the block really goes: moved inside the page by the core's rule, once the page's size is known.
  const at = (fraction: PageFraction): PageFraction => (shown?.size == null ? fraction : blockCentre(shown.size, fraction));
  const centre = at(spot);
  const same = (a: PageFraction, b: PageFraction): boolean => Math.abs(a.x - b.x) < 1e-6 && Math.abs(a.y - b.y) < 1e-6;
  // The quick place the block is at, if any (the first, should a small page bring two together).
  const chosenPlace = PLACES.find(([name]) => same(at(placeCentre(name)), centre))?.[0];
  const turnTo = (next: number) => onPage(String(count === undefined ? Math.max(1, next) : Math.min(Math.max(1, next), count)));
  return (
    <fieldset className="token-picker placement-picker">
      <legend className="token-picker__legend">{t('signing.place.title')}</legend>
      <TextField label={t('signing.place.page')} value={page} onChange={onPage} hint={count === undefined ? t('signing.place.pageHint') : t('signing.place.pageCount', { count })} />
      {number === null && page.trim() !== '' && count !== undefined && (
        <p role="alert" className="prose">
          {t('signing.place.pageOutside', { count })}
        </p>
      )}
      {pdf !== null && (
        <>
          <nav className="pdf-document__pages" aria-label={t('documents.viewer.pdfPages')}>
            {/* aria-disabled, not disabled: a disabled button would drop keyboard focus. */}
            <button type="button" className="button" aria-disabled={number === null || number <= 1 || undefined} onClick={() => number !== null && turnTo(number - 1)}>
              {t('documents.viewer.pdfPrevious')}
            </button>
            <button type="button" className="button" aria-disabled={number === null || (count !== undefined && number >= count) || undefined} onClick={() => number !== null && turnTo(number + 1)}>
              {t('documents.viewer.pdfNext')}
            </button>
          </nav>
          <p id={ids.keys} className="prose">
            {t('signing.place.howTo')}
          </p>
          <div className="placement-picker__preview">
            <LazyPlacementPreview bytes={pdf} page={number} spot={spot} onSpot={onSpot} onShown={setShown} label={t('signing.place.surface')} describedBy={`${ids.said} ${ids.keys}`} />
          </div>
        </>
      )}
      {number !== null && (
        <p id={ids.said} className="placement-picker__said" aria-live="polite">
          {t('signing.place.at', { where: t(`signing.place.part.${pagePartOf(centre)}`), page: number, left: Math.round(centre.x * 100), top: Math.round(centre.y * 100) })}
        </p>
      )}
      <p className="prose">{t('signing.place.quick')}</p>
      <div className="placement-picker__sheet" role="radiogroup" aria-label={t('signing.place.where')}>
        {PLACES.map(([name]) => {
          const chosen = name === chosenPlace;
          return (
            <label key={name} className={chosen ? 'placement-picker__place placement-picker__place--chosen' : 'placement-picker__place'}>
              <input type="radio" name={ids.group} className="token-option__input" checked={chosen} onChange={() => onSpot(placeCentre(name))} />
              <span>{t(`signing.place.${name}`)}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
