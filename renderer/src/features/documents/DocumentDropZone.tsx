import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { DropOutcome, DroppedItem } from './document-drop.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/** Only drags that carry files: a dragged text selection is not a document. */
const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/** Read while the drop event lasts: the DataTransfer is emptied once the handler returns. */
function droppedItems(data: DataTransfer): DroppedItem[] {
  const entries = [...data.items].filter((item) => item.kind === 'file').map((item) => item.webkitGetAsEntry());
  return [...data.files].map((file, index) => ({ name: file.name, isFolder: entries[index]?.isDirectory === true, file }));
}

/**
 * The Documents screen as a drop target: a container dropped on it opens, any other file becomes
 * the file to encrypt. An addition only: the buttons and path fields do the same from the keyboard.
 */
export function DocumentDropZone({ children }: { children: ReactNode }) {
  const t = useT();
  const drop = useAirlock((state) => state.dropDocuments);
  const [dragging, setDragging] = useState(false);
  const [outcome, setOutcome] = useState<DropOutcome | null>(null);
  // dragenter/dragleave fire for every child crossed: the highlight goes when the count is back to 0.
  const depth = useRef(0);

  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    // Without this the browser would open the file itself in place of the app.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    setOutcome(null);
    void drop(droppedItems(event.dataTransfer)).then(setOutcome);
  };

  return (
    <div className={dragging ? 'drop-zone drop-zone--active' : 'drop-zone'} data-dragging={dragging || undefined} onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
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
