import { useId } from 'react';
import { TextField } from './TextField.js';
import { useT } from '../use-t.js';

/** A name the user may write for a new file: one name, not a path (main checks the folder). */
export function isPlainFileName(name: string): boolean {
  const trimmed = name.trim();
  return trimmed !== '' && trimmed !== '.' && trimmed !== '..' && !/[/\\]/.test(trimmed);
}

/**
 * Where a new file will be written: the folder, said plainly, and the proposed name, which the
 * user may change. A name already taken is never overwritten: main adds " (2)", " (3)"… when it writes.
 */
export function OutputName({ folder, name, onChange, hint, problem = false }: { folder: string | null; name: string; onChange: (name: string) => void; hint?: string; problem?: boolean }) {
  const t = useT();
  const problemId = useId();
  return (
    <>
      {folder !== null && (
        <>
          <p className="prose">
            {t('files.folder')} <span className="file-path">{folder}</span>
          </p>
          <TextField label={t('files.name')} value={name} onChange={onChange} literal hint={hint ?? t('files.nameHint')} />
        </>
      )}
      <div role="alert" className="field-problem-region">
        {problem && (
          <p id={problemId} className="field-problem">
            {t('files.problem.name')}
          </p>
        )}
      </div>
    </>
  );
}
