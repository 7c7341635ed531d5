import { useRef, useState, type DragEvent } from 'react';
import type { DroppedItem } from '../features/documents/document-drop.js';

/** Only drags that carry files: a dragged text selection is not a document. */
const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/** Read while the drop event lasts: the DataTransfer is emptied once the handler returns. */
function droppedItems(data: DataTransfer): DroppedItem[] {
  const entries = [...data.items].filter((item) => item.kind === 'file').map((item) => item.webkitGetAsEntry());
  return [...data.files].map((file, index) => ({ name: file.name, isFolder: entries[index]?.isDirectory === true, file }));
}

/**
 * An element as a drop target for files (the Documents screen, the compose form's attachments):
 * whether files are being dragged over it, and the handlers to spread on it. An addition only:
 * buttons and fields do the same from the keyboard.
 */
export function useFileDrop(onItems: (items: DroppedItem[]) => void) {
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed: the highlight goes when the count is back to 0.
  const depth = useRef(0);
  return {
    dragging,
    handlers: {
      onDragEnter: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setDragging(true);
      },
      onDragOver: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        // Without this the browser would open the file itself in place of the app.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDrop: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        // Several drop targets may be nested (a form inside the Documents screen): the innermost takes it.
        event.stopPropagation();
        depth.current = 0;
        setDragging(false);
        onItems(droppedItems(event.dataTransfer));
      },
    },
  };
}
