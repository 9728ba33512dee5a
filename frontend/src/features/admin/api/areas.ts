// Dispatch areas (admin): adding, renaming and retiring one refreshes the shared reference list
// every screen reads (user forms, bag filters, packing).
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { referenceKeys } from '../../../lib/api/reference-data';
import type { CreateArea, UpdateArea } from '../../../lib/api/types';

export function useCreateArea() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateArea) => unwrap(api.POST('/api/v1/areas', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: referenceKeys.areas }),
  });
}

export function useUpdateArea() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: UpdateArea }) =>
      unwrap(api.PATCH('/api/v1/areas/{code}', { params: { path: { code } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: referenceKeys.areas }),
  });
}
