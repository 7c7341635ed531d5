import type { Ref } from 'react';
import { PIN_MAX_LENGTH } from '../pin-rules.js';
import { FormRow } from './FormRow.js';

interface Props {
  /** The form reads the field by this name at submit (see takePin); React never holds the value. */
  name: string;
  label: string;
  /** Ids of the hints and warnings a screen reader should read with the field. */
  describedBy?: readonly string[];
  invalid?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * An uncontrolled password field: the PIN exists only in the input element until the form takes
 * it. autocomplete off keeps it out of the browser's saved passwords.
 */
export function PinField({ name, label, describedBy = [], invalid = false, inputRef }: Props) {
  return (
    <FormRow label={label} describedBy={describedBy} invalid={invalid}>
      {(field) => <input {...field} ref={inputRef} name={name} type="password" autoComplete="off" inputMode="text" maxLength={PIN_MAX_LENGTH} spellCheck={false} autoCapitalize="off" />}
    </FormRow>
  );
}

/**
 * Reads a PIN field and empties it at once, before the PIN goes anywhere: from here on the PIN
 * lives only in the caller's local variable, whatever the outcome of the request.
 */
export function takePin(form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name);
  if (!(field instanceof HTMLInputElement)) return '';
  const pin = field.value;
  field.value = '';
  return pin;
}
