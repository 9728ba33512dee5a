// Reference data many screens share and that rarely changes: dispatch areas, parent types.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from './client';

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
    queryFn: async () => (await unwrap(api.GET('/api/v1/parent-types'))).items,
    staleTime: 5 * 60_000,
  });
}
