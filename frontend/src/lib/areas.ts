// Which dispatch areas a picker offers. A retired area keeps its history and still lists (a
// list's filter offers it, to look back), but takes no new parents, users or return tickets.
import type { Area } from './api/types';

/**
 * The areas a new user, parent or ticket may name: those not retired. `keep` is the area the
 * record already has (a user being edited, the station's chosen area): it stays on offer even
 * when retired, so the picker shows what is set instead of a blank.
 */
export function liveAreas(areas: readonly Area[], keep: string | null = null): Area[] {
  return areas.filter((area) => !area.retired || (keep !== null && keep !== '' && area.code === keep));
}
