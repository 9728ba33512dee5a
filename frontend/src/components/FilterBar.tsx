// The row of filters above a list. Each filter applies as it changes, so the form never
// submits; the fields are the forms' own (Field.tsx), and "" in a select means "any".
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Area } from '../lib/api/types';
import { SelectField } from './Field';

export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form className="filters" role="search" aria-label={label} onSubmit={(event) => event.preventDefault()}>
      {children}
    </form>
  );
}

export interface Choice<Value extends string> {
  value: Value;
  label: string;
}

interface ChoiceFilterProps<Value extends string> {
  id: string;
  label: string;
  /** The first option's text: no filter. */
  anyLabel: string;
  choices: readonly Choice<Value>[];
  value: Value | null;
  onChange: (value: Value | null) => void;
}

export function ChoiceFilter<Value extends string>({ id, label, anyLabel, choices, value, onChange }: ChoiceFilterProps<Value>) {
  return (
    <SelectField
      id={id}
      label={label}
      value={value ?? ''}
      onChange={(event) => onChange(choices.find((choice) => choice.value === event.target.value)?.value ?? null)}
    >
      <option value="">{anyLabel}</option>
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </SelectField>
  );
}

interface FlagFilterProps {
  id: string;
  label: string;
  anyLabel: string;
  yesLabel: string;
  noLabel: string;
  value: boolean | null;
  onChange: (value: boolean | null) => void;
}

export function FlagFilter({ yesLabel, noLabel, value, onChange, ...field }: FlagFilterProps) {
  const choices: Choice<'true' | 'false'>[] = [
    { value: 'true', label: yesLabel },
    { value: 'false', label: noLabel },
  ];
  return (
    <ChoiceFilter
      {...field}
      choices={choices}
      value={value === null ? null : value ? 'true' : 'false'}
      onChange={(choice) => onChange(choice === null ? null : choice === 'true')}
    />
  );
}

interface AreaFilterProps {
  id: string;
  areas: readonly Area[];
  value: string | null;
  onChange: (area: string | null) => void;
}

export function AreaFilter({ id, areas, value, onChange }: AreaFilterProps) {
  const { t } = useTranslation();
  const choices = areas.map((area) => ({ value: area.code, label: area.name }));
  return <ChoiceFilter id={id} label={t('filters.area')} anyLabel={t('filters.anyArea')} choices={choices} value={value} onChange={onChange} />;
}
