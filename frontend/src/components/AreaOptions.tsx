// The `<option>`s of a picker that chooses an area for something new (a user, a parent, a
// return ticket): areas in use, plus the one already set even when retired, marked so.
import { useTranslation } from 'react-i18next';

import type { Area } from '../lib/api/types';
import { liveAreas } from '../lib/areas';

export function AreaOptions({ areas, keep = null }: { areas: readonly Area[] | undefined; keep?: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      {liveAreas(areas ?? [], keep).map((area) => (
        <option key={area.code} value={area.code}>
          {area.retired ? t('areas.retiredChoice', { name: area.name }) : area.name}
        </option>
      ))}
    </>
  );
}
