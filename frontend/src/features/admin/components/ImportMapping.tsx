// The mapping step: which column holds each field the import reads, one select per field
// (the sheet's header cells, or column letters), then the dry run again with `mapping=`.
import { useTranslation } from 'react-i18next';

import { SelectField } from '../../../components/Field';
import { fieldLabel, TARGET_FIELDS, type ColumnChoice, type ColumnMapping } from '../import-mapping';
import type { ImportTable } from '../transfers';

interface ImportMappingProps {
  table: ImportTable;
  mapping: ColumnMapping;
  choices: ColumnChoice[];
  onChange: (mapping: ColumnMapping) => void;
  /** The file's header names no layout: the admin must say which column holds what. */
  needed: boolean;
  error: string | undefined;
  busy: boolean;
  onRun: () => void;
}

export function ImportMapping({ table, mapping, choices, onChange, needed, error, busy, onRun }: ImportMappingProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="form" data-testid="import-mapping">
      <legend>{t('admin.import.mappingTitle')}</legend>
      <p className={needed ? 'notice notice--warning' : 'field__hint'}>
        {needed ? t('admin.import.mappingNeeded') : t('admin.import.mappingHint')}
      </p>
      {TARGET_FIELDS[table].map((field) => (
        <SelectField key={field} id={`import-map-${field}`} label={fieldLabel(field)} value={mapping[field] ?? ''}
          onChange={(event) => onChange({ ...mapping, [field]: event.target.value })}>
          <option value="">{t('admin.import.notUsed')}</option>
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>{choice.label}</option>
          ))}
        </SelectField>
      ))}
      {error && <p className="field__error" role="alert">{error}</p>}
      <div className="form__actions">
        <button type="button" className="button" disabled={busy} onClick={onRun}>
          {busy ? t('admin.import.checking') : t('admin.import.dryRunAgain')}
        </button>
      </div>
    </fieldset>
  );
}
