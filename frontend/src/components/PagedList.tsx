// A list read page by page over a cursor: a notice while it loads, when it failed or when
// it is empty, else the rows as the caller draws them, then LoadMore for the next page.
import type { ReactNode } from 'react';

import { toProblem } from '../lib/api/problem';
import { LoadMore } from './LoadMore';
import { Empty, Loading, ProblemNotice } from './Notices';

/** The part of a TanStack infinite query over `{ items }` pages that a PagedList reads. */
export interface PagedQuery<Row> {
  data: { pages: { items: Row[] }[] } | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  refetch: () => Promise<unknown>;
  fetchNextPage: () => Promise<unknown>;
}

interface PagedListProps<Row> {
  query: PagedQuery<Row>;
  loadingLabel: string;
  empty: ReactNode;
  children: (rows: Row[]) => ReactNode;
}

export function PagedList<Row>({ query, loadingLabel, empty, children }: PagedListProps<Row>) {
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      {query.isPending ? (
        <Loading label={loadingLabel} />
      ) : query.isError ? (
        <ProblemNotice problem={toProblem(query.error)} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        children(rows)
      )}
      <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onMore={() => void query.fetchNextPage()} />
    </>
  );
}
