import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { ChoosePurpose } from '../../../shared/domain/file-name.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';
import { StatusLine } from './StatusLine.js';

interface Props {
  /** Our own words on the button: the browser's control ("Choose File / No file chosen") is never shown. */
  readonly label: string;
  readonly purpose: ChoosePurpose;
  /** The browser chooser's filter, e.g. ".alc" (the native dialog filters by purpose). */
  readonly accept?: string;
  readonly primary?: boolean;
  /** The chosen files' paths, in the order chosen; never called for a cancel. */
  readonly onChosen: (paths: string[]) => void;
}

/**
 * A labelled button that opens a file chooser: the shell's own dialog when it has one (Electron,
 * asked in main), else the browser's, through a hidden <input type=file> clicked within the user's
 * gesture. Either way only paths come back (the bridge's pathOf, as for a drop: never the bytes),
 * and main checks them as any path.
 */
export function FileChooser({ label, purpose, accept, primary = false, onChosen }: Props) {
  const t = useT();
  const dialogs = useAirlock((state) => state.documents.places?.dialogs === true);
  const chooseNative = useAirlock((state) => state.chooseNative);
  const pathsOfFiles = useAirlock((state) => state.pathsOfFiles);
  const [noPath, setNoPath] = useState<readonly string[]>([]);
  const onFiles = (files: File[]) =>
    void pathsOfFiles(files).then((paths) => {
      setNoPath(files.filter((_, index) => paths[index] === null).map((file) => file.name));
      const found = paths.filter((path) => path !== null);
      if (found.length > 0) onChosen(found);
    });
  const native = dialogs ? () => void chooseNative(purpose).then((paths) => paths.length > 0 && onChosen(paths)) : undefined;
  return (
    <>
      <FilePickButton label={label} accept={accept} multiple={purpose === 'crl'} primary={primary} native={native} onStart={() => setNoPath([])} onFiles={onFiles} />
      <div role="status">
        {noPath.map((name) => (
          <StatusLine key={name} severity="warning">
            <p>{t('documents.drop.noPath', { name })}</p>
          </StatusLine>
        ))}
      </div>
    </>
  );
}

interface PickProps {
  readonly label: string;
  readonly accept?: string | undefined;
  readonly multiple?: boolean;
  readonly primary?: boolean;
  /** The shell's own dialog instead of the browser's, when it has one. */
  readonly native?: (() => void) | undefined;
  readonly onStart?: () => void;
  readonly onFiles: (files: File[]) => void;
}

/**
 * Our own labelled button over a hidden <input type=file>: the browser's control, whose words
 * ("Choose File / No file chosen") the page cannot translate, is never shown nor focused. The
 * chooser opens only inside the click itself, so no round trip to main comes first.
 */
export function FilePickButton({ label, accept, multiple = false, primary = false, native, onStart, onFiles }: PickProps) {
  const input = useRef<HTMLInputElement>(null);
  const onClick = () => {
    onStart?.();
    if (native !== undefined) return native();
    input.current?.click();
  };
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Emptied, so choosing the same file again is a change too.
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <>
      <button type="button" className={primary ? 'button button--primary' : 'button'} onClick={onClick}>
        {label}
      </button>
      <input ref={input} type="file" hidden tabIndex={-1} aria-hidden="true" accept={accept} multiple={multiple} onChange={onChange} />
    </>
  );
}

/** The typed path, kept for a path copied from elsewhere: folded away, the chooser is the main way. */
export function TypedPathDisclosure({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <details className="typed-path">
      <summary className="certificate-technical__summary">{t('files.typePath')}</summary>
      {children}
    </details>
  );
}
