// Users admin over /api/v1/users: a filtered, cursor-paginated list and the changes.
// Every change invalidates the list, so it never shows a stale row.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import type { CreateUser, Role, UpdateUser } from '../../../lib/api/types';

export interface UserFilters {
  role: Role | null;
  area: string | null;
  q: string | null;
  locked: boolean | null;
}

export const userKeys = {
  all: ['users'] as const,
  list: (filters: UserFilters) => ['users', 'list', filters] as const,
};

const PAGE_SIZE = 50;

export function useUserList(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: userKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: {
            query: {
              role: filters.role,
              area: filters.area,
              q: filters.q,
              locked: filters.locked,
              cursor: pageParam,
              limit: PAGE_SIZE,
            },
          },
          querySerializer: setParamsOnly,
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

function useUserMutation<Variables, Result>(run: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useCreateUser() {
  return useUserMutation((body: CreateUser) => unwrap(api.POST('/api/v1/users', { body })));
}

export function useUpdateUser() {
  return useUserMutation(({ id, body }: { id: string; body: UpdateUser }) =>
    unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
  );
}

export function useUnlockUser() {
  return useUserMutation((id: string) => unwrap(api.POST('/api/v1/users/{id}/unlock', { params: { path: { id } } })));
}

export function useDeleteUser() {
  return useUserMutation((id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })));
}

/** After a lost phone: the user signs in with the password alone (their sessions end) and may set up again. */
export function useResetTotp() {
  return useUserMutation((id: string) => unwrap(api.DELETE('/api/v1/users/{id}/totp', { params: { path: { id } } })));
}
