import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

import { ApiError, isTransient } from '../lib/api/problem';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // Refusals and validation errors will not change on their own; outages might.
  return failureCount < 2 && error instanceof ApiError && isTransient(error.problem);
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: false },
          mutations: { retry: false },
        },
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
