/** The tour panel's ids: the banner's button controls the panel, and a start puts the focus on its heading. */
export const TOUR_PANEL_ID = 'training-tour';
export const TOUR_TITLE_ID = 'training-tour-title';

/** After the tour panel has rendered: its heading takes the focus (only when the user asked for the tour). */
export function focusTour(): void {
  requestAnimationFrame(() => document.getElementById(TOUR_TITLE_ID)?.focus());
}
