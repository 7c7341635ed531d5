import { FormRow } from './FormRow.js';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Paths and names: no spell check, no autofill. */
  literal?: boolean;
  hint?: string;
}

/** A labelled text field (and its hint, read with it by screen readers), on the one form row. */
export function TextField({ label, value, onChange, literal = false, hint }: Props) {
  return (
    <FormRow label={label} hint={hint}>
      {(field) => <input {...field} value={value} spellCheck={literal ? false : undefined} autoComplete={literal ? 'off' : undefined} onChange={(event) => onChange(event.target.value)} />}
    </FormRow>
  );
}
