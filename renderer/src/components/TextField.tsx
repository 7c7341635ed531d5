import { useId } from 'react';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Paths and names: no spell check, no autofill. */
  literal?: boolean;
  hint?: string;
}

/** A labelled text field (and its hint, read with it by screen readers): one shape for every form. */
export function TextField({ label, value, onChange, literal = false, hint }: Props) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        value={value}
        spellCheck={literal ? false : undefined}
        autoComplete={literal ? 'off' : undefined}
        aria-describedby={hint === undefined ? undefined : hintId}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint !== undefined && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
