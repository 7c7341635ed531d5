import { useId, type ReactNode } from 'react';

/** What the row hands its field: the id its label points at, the class, and what to read with it. */
export interface FieldProps {
  readonly id: string;
  readonly className: string;
  readonly 'aria-describedby': string | undefined;
  readonly 'aria-invalid': true | undefined;
}

interface Props {
  label: string;
  /** Read with the field by screen readers, shown under it. */
  hint?: string | undefined;
  /** This field's own problem, shown under it and read with it; it also marks the field invalid. */
  error?: string | null | undefined;
  /** Ids of messages elsewhere to read with the field (a form's alert region). */
  describedBy?: readonly string[];
  invalid?: boolean;
  /** An extra class for the row (a form's own layout). */
  className?: string | undefined;
  /** The field itself (input, select, textarea), given its props. */
  children: (field: FieldProps) => ReactNode;
}

/** One form row, the same in every form: label, field, hint, error. */
export function FormRow({ label, hint, error, describedBy = [], invalid = false, className, children }: Props) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const hasError = error !== undefined && error !== null;
  const described = [...(hint === undefined ? [] : [hintId]), ...(hasError ? [errorId] : []), ...describedBy];
  return (
    <div className={className === undefined ? 'field' : `field ${className}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, className: 'field__input', 'aria-describedby': described.length > 0 ? described.join(' ') : undefined, 'aria-invalid': invalid || hasError || undefined })}
      {hint !== undefined && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {hasError && (
        <p id={errorId} className="field-problem">
          {error}
        </p>
      )}
    </div>
  );
}
