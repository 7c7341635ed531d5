// Pure module: what a drop on the Documents screen does, tested under plain Node. The renderer
// never reads a dropped file: it asks the bridge for the path and hands that to main.

/** The encrypted container's extension (docs/container.md); the name is enough, main checks the bytes. */
export const CONTAINER_EXTENSION = '.alc';

/** One dropped item, read from the DataTransfer while the drop event lasts. */
export interface DroppedItem {
  readonly name: string;
  readonly isFolder: boolean;
  /** The File object itself, handed to the bridge for its path. */
  readonly file: unknown;
}

/** What the screen says after a drop; `several`: only the first of several files was used. */
export type DropOutcome =
  | { readonly status: 'opened'; readonly name: string; readonly several: boolean }
  | { readonly status: 'source'; readonly name: string; readonly several: boolean }
  | { readonly status: 'folder' }
  | { readonly status: 'noPath'; readonly name: string };

export interface DropDeps {
  readonly pathOf: (file: unknown) => Promise<string | null>;
  /** The normal checked open; its errors are shown as any open's. */
  readonly open: (path: string) => Promise<void>;
  /** Puts the path in the encrypt form as the file to encrypt. */
  readonly encryptSource: (path: string) => void;
}

export function isContainerName(name: string): boolean {
  return name.toLowerCase().endsWith(CONTAINER_EXTENSION);
}

/** A container opens; any other file goes to the encrypt form; a folder is refused. Null: nothing was dropped. */
export async function dropDocuments(items: readonly DroppedItem[], deps: DropDeps): Promise<DropOutcome | null> {
  const [first] = items;
  if (first === undefined) return null;
  if (first.isFolder) return { status: 'folder' };
  const path = await deps.pathOf(first.file);
  if (path === null) return { status: 'noPath', name: first.name };
  const several = items.length > 1;
  if (isContainerName(first.name)) {
    await deps.open(path);
    return { status: 'opened', name: first.name, several };
  }
  deps.encryptSource(path);
  return { status: 'source', name: first.name, several };
}
