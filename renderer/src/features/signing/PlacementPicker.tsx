import { useId } from 'react';
import type { SignaturePlacement } from '../../../../shared/domain/signature.js';
import { useT } from '../../use-t.js';
import { TextField } from '../../components/TextField.js';

/** The nine places on a page, as the block's centre in fractions of the page from its top-left corner. */
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

export function placementOf(page: number, place: PlaceName): SignaturePlacement {
  const found = PLACES.find(([name]) => name === place) ?? PLACES[8];
  return { page, x: found[1], y: found[2] };
}

/**
 * Where the visible signature goes: the page number and one of nine places, drawn as a small page
 * whose places are radio buttons (arrow keys move between them, as in any radio group).
 */
export function PlacementPicker({ page, place, onPage, onPlace }: { page: string; place: PlaceName; onPage: (page: string) => void; onPlace: (place: PlaceName) => void }) {
  const t = useT();
  const group = useId();
  return (
    <fieldset className="token-picker placement-picker">
      <legend className="token-picker__legend">{t('signing.place.title')}</legend>
      <TextField label={t('signing.place.page')} value={page} onChange={onPage} hint={t('signing.place.pageHint')} />
      <div className="placement-picker__sheet" role="radiogroup" aria-label={t('signing.place.where')}>
        {PLACES.map(([name]) => (
          <label key={name} className={name === place ? 'placement-picker__place placement-picker__place--chosen' : 'placement-picker__place'}>
            <input type="radio" name={group} className="token-option__input" checked={name === place} onChange={() => onPlace(name)} />
            <span>{t(`signing.place.${name}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
