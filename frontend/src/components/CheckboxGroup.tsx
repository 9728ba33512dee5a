// A set of checkboxes under one legend (a key's scopes, a webhook's event types), with a hint
// per box and one error for the whole set, read with the set by screen readers.
import { useId } from 'react';

export interface CheckboxOption<Value extends string> {
  value: Value;
  label: string;
  hint?: string | undefined;
  /** Offered but not choosable now; `hint` should say why. */
  disabled?: boolean;
}

interface CheckboxGroupProps<Value extends string> {
  legend: string;
  options: readonly CheckboxOption<Value>[];
  chosen: readonly Value[];
  onToggle: (value: Value, on: boolean) => void;
  error?: string | undefined;
  hint?: string | undefined;
  testId?: string;
}

export function CheckboxGroup<Value extends string>({ legend, options, chosen, onToggle, error, hint, testId }: CheckboxGroupProps<Value>) {
  const id = useId();
  return (
    <fieldset
      className={error ? 'checks field--invalid' : 'checks'}
      aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      data-testid={testId}
    >
      <legend>{legend}</legend>
      {hint && !error && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {options.map((option) => (
        <div key={option.value} className={option.disabled ? 'check check--disabled' : 'check'}>
          <input
            id={`${id}-${option.value}`}
            type="checkbox"
            checked={chosen.includes(option.value)}
            disabled={option.disabled}
            aria-describedby={option.hint ? `${id}-${option.value}-hint` : undefined}
            onChange={(event) => onToggle(option.value, event.target.checked)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
          {option.hint && (
            <span className="field__hint" id={`${id}-${option.value}-hint`}>
              {option.hint}
            </span>
          )}
        </div>
      ))}
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
