import { useState, type ReactNode } from 'react';
import type { DropOutcome } from './document-drop.js';
import { useFileDrop } from '../../components/use-file-drop.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/**
 * The Documents screen as a drop target: a container dropped on it opens, any other file becomes
 * the file to encrypt. An addition only: the buttons and path fields do the same from the keyboard.
 */
export function DocumentDropZone({ children }: { children: ReactNode }) {
  const t = useT();
  const drop = useAirlock((state) => state.dropDocuments);
  const [outcome, setOutcome] = useState<DropOutcome | null>(null);
  const { dragging, handlers } = useFileDrop((items) => {
    setOutcome(null);
    void drop(items).then(setOutcome);
  });

  return (
    <div className={dragging ? 'drop-zone drop-zone--active' : 'drop-zone'} data-dragging={dragging || undefined} {...handlers}>
      <p className="drop-zone__hint prose">{t('documents.drop.hint')}</p>
      <div role="status">{outcome !== null && <DropNote outcome={outcome} />}</div>
      {children}
    </div>
  );
}

function DropNote({ outcome }: { outcome: DropOutcome }) {
  const t = useT();
  if (outcome.status === 'folder') {
    return (
      <StatusLine severity="warning">
        <p>{t('documents.drop.folder')}</p>
      </StatusLine>
    );
  }
  if (outcome.status === 'noPath') {
    return (
      <StatusLine severity="warning">
        <p>{t('documents.drop.noPath', { name: outcome.name })}</p>
      </StatusLine>
    );
  }
  // An opened document shows itself (or the open's error shows); only "several" needs saying.
  if (outcome.status === 'opened' && !outcome.several) return null;
  return (
    <StatusLine severity={outcome.several ? 'warning' : 'ok'}>
      {outcome.status === 'source' && <p>{t('documents.drop.source', { name: outcome.name })}</p>}
      {outcome.several && <p>{t('documents.drop.several', { name: outcome.name })}</p>}
    </StatusLine>
  );
}
