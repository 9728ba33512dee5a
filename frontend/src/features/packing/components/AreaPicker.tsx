// Admins and billers have no area of their own: new parents carry the area chosen here.
// Retired areas are not offered (the one already chosen stays shown, marked retired).
import { useTranslation } from 'react-i18next';

import { AreaOptions } from '../../../components/AreaOptions';
import { useAreas } from '../../../lib/api/reference-data';

export function AreaPicker({ value, onChange }: { value: string | null; onChange: (area: string | null) => void }) {
  const { t } = useTranslation();
  const areas = useAreas();
  return (
    <div className="field field--inline">
      <label htmlFor="packing-area">{t('packing.areaForNewParents')}</label>
      <select id="packing-area" value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">{t('packing.noArea')}</option>
        <AreaOptions areas={areas.data} keep={value} />
      </select>
    </div>
  );
}
