// Webhook subscriptions (admin): the list, creating (the signing secret comes in that answer
// only), changing, deleting one; a subscription's delivery log, newest first, page by page
// (`before` = the last id shown), and sending a delivery again.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import type { CreateWebhook, UpdateWebhook } from '../../../lib/api/types';
import { DELIVERY_PAGE_SIZE, hasPending, nextDeliveryPage, type DeliveryState } from '../webhook';

/** How often the log asks again while a delivery on it waits for its next attempt. */
const PENDING_REFRESH_MS = 3_000;

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
  deliveries: (id: string, state: DeliveryState | null) => ['webhooks', 'deliveries', id, state] as const,
};

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.list,
    queryFn: () => unwrap(api.GET('/api/v1/webhooks')),
    // Counts of waiting deliveries go down by themselves: look again while there are some.
    refetchInterval: (query) => (query.state.data?.some((webhook) => webhook.pending > 0) ? PENDING_REFRESH_MS : false),
  });
}

/** Reads the subscriptions and every delivery log again (the log's "Refresh"). */
export function useRefreshWebhooks() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: webhookKeys.all });
}

function useWebhookMutation<Variables, Result>(run: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    // Creating answers the signing secret: kept by no cache once the screen has shown it.
    gcTime: 0,
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useCreateWebhook() {
  return useWebhookMutation((body: CreateWebhook) => unwrap(api.POST('/api/v1/webhooks', { body })));
}

export function useUpdateWebhook() {
  return useWebhookMutation(({ id, body }: { id: string; body: UpdateWebhook }) =>
    unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body })),
  );
}

export function useDeleteWebhook() {
  return useWebhookMutation((id: string) => unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })));
}

export function useRedeliver() {
  return useWebhookMutation(({ id, deliveryId }: { id: string; deliveryId: number }) =>
    unwrap(api.POST('/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id, delivery_id: deliveryId } } })),
  );
}

export function useDeliveries(id: string, state: DeliveryState | null) {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(id, state),
    initialPageParam: null as number | null,
    queryFn: async ({ pageParam }) => {
      const page = await unwrap(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { state: state ?? undefined, before: pageParam ?? undefined, limit: DELIVERY_PAGE_SIZE } },
          querySerializer: setParamsOnly,
        }),
      );
      // The subscription's counts and last delivery move with its log: read them with it.
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list });
      return page;
    },
    getNextPageParam: (page) => nextDeliveryPage(page),
    refetchInterval: (query) => (hasPending(query.state.data?.pages ?? []) ? PENDING_REFRESH_MS : false),
    // The log's pages as PagedList reads them.
    select: (data) => ({ ...data, pages: data.pages.map((items) => ({ items })) }),
  });
}
