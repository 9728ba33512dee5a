// API keys (admin): the list, and creating, rotating and revoking one. A key's secret comes only
// in the answer to creating or rotating it; every change refreshes the list.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import type { CreateApiKey } from '../../../lib/api/types';

export const apiKeyKeys = {
  all: ['api-keys'] as const,
  list: (includeRevoked: boolean) => ['api-keys', { includeRevoked }] as const,
};

export function useApiKeys(includeRevoked: boolean) {
  return useQuery({
    queryKey: apiKeyKeys.list(includeRevoked),
    queryFn: () => unwrap(api.GET('/api/v1/api-keys', { params: { query: { include_revoked: includeRevoked } } })),
  });
}

function useApiKeyMutation<Variables, Result>(run: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    // Creating and rotating answer a secret: kept by no cache once the screen has shown it.
    gcTime: 0,
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useCreateApiKey() {
  return useApiKeyMutation((body: CreateApiKey) => unwrap(api.POST('/api/v1/api-keys', { body })));
}

export function useRotateApiKey() {
  return useApiKeyMutation((id: string) => unwrap(api.POST('/api/v1/api-keys/{id}/rotate', { params: { path: { id } } })));
}

export function useRevokeApiKey() {
  return useApiKeyMutation((id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })));
}
