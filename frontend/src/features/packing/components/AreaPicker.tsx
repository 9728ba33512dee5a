// Admins and billers have no area of their own: new parents carry the area chosen here.
import { useAreas } from '../../../lib/api/reference-data';

export function AreaPicker({ value, onChange }: { value: string | null; onChange: (area: string | null) => void }) {
  const areas = useAreas();
  return (
    <div className="field field--inline">
      <label htmlFor="packing-area">Area for new parents</label>
      <select id="packing-area" value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">No area</option>
        {(areas.data ?? []).map((area) => (
          <option key={area.code} value={area.code}>
            {area.name}
          </option>
        ))}
      </select>
    </div>
  );
}
