// Reference data many screens share and that rarely changes: dispatch areas, parent types.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from './client';
import type { ParentType } from './types';

const PARENT_TYPES_KEY = 'tracetrack.parent_types';

/**
 * The parent types as last loaded, kept in localStorage (configuration, nothing personal):
 * a page started offline still tells a parent's label from a child's.
 */
function keptParentTypes(): ParentType[] | undefined {
  try {
    const kept: unknown = JSON.parse(window.localStorage.getItem(PARENT_TYPES_KEY) ?? 'null');
    return Array.isArray(kept) && kept.every((type) => typeof type?.qr_pattern === 'string') ? (kept as ParentType[]) : undefined;
  } catch {
    return undefined;
  }
}

function keepParentTypes(types: ParentType[]): void {
  try {
    window.localStorage.setItem(PARENT_TYPES_KEY, JSON.stringify(types));
  } catch {
    // Not kept: an offline start falls back to "parent first, then children".
  }
}

export const referenceKeys = {
  areas: ['areas'] as const,
  parentTypes: ['parent-types'] as const,
};

export function useAreas() {
  return useQuery({
    queryKey: referenceKeys.areas,
    queryFn: async () => (await unwrap(api.GET('/api/v1/areas'))).items,
    staleTime: 5 * 60_000,
  });
}

export function useParentTypes() {
  return useQuery({
    queryKey: referenceKeys.parentTypes,
    queryFn: async () => {
      const types = (await unwrap(api.GET('/api/v1/parent-types'))).items;
      keepParentTypes(types);
      return types;
    },
    // What was kept shows at once; it is fetched anew straight away.
    initialData: keptParentTypes,
    initialDataUpdatedAt: 0,
    staleTime: 5 * 60_000,
  });
}
