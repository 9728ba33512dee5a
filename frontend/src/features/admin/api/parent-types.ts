// Parent types (admin): the list is the shared reference query; creating one refreshes it
// for every screen that reads it (packing, bag filters).
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { referenceKeys } from '../../../lib/api/reference-data';
import type { CreateParentType, UpdateParentType } from '../../../lib/api/types';

export function useCreateParentType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateParentType) => unwrap(api.POST('/api/v1/parent-types', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: referenceKeys.parentTypes }),
  });
}

export function useUpdateParentType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: UpdateParentType }) =>
      unwrap(api.PATCH('/api/v1/parent-types/{code}', { params: { path: { code } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: referenceKeys.parentTypes }),
  });
}
