import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { PagedList, type PagedQuery } from './PagedList';

const settled: PagedQuery<string> = {
  data: { pages: [{ items: ['a', 'b'] }, { items: ['c'] }] },
  isPending: false,
  isError: false,
  error: null,
  hasNextPage: false,
  isFetchingNextPage: false,
  refetch: () => Promise.resolve(),
  fetchNextPage: () => Promise.resolve(),
};

function render(query: Partial<PagedQuery<string>>): string {
  return renderToStaticMarkup(
    createElement(PagedList<string>, {
      query: { ...settled, ...query },
      loadingLabel: 'Loading letters…',
      empty: 'No letters.',
      children: (rows) => createElement('ol', null, rows.map((row) => createElement('li', { key: row }, row))),
    }),
  );
}

describe('PagedList', () => {
  it('draws the rows of every page loaded so far', () => {
    expect(render({})).toBe('<ol><li>a</li><li>b</li><li>c</li></ol>');
  });

  it('says so while the first page loads', () => {
    const html = render({ isPending: true, data: undefined });
    expect(html).toContain('role="status"');
    expect(html).toContain('Loading letters…');
    expect(html).not.toContain('<ol>');
  });

  it('shows the empty state instead of an empty list', () => {
    expect(render({ data: { pages: [{ items: [] }] } })).toBe('<p class="notice notice--empty">No letters.</p>');
  });

  it('shows a failure with a way to try again', () => {
    const html = render({ isError: true, error: new Error('boom'), data: undefined });
    expect(html).toContain('class="notice notice--error" role="alert"');
    expect(html).toContain('Try again');
    expect(html).not.toContain('<ol>');
  });

  it('offers the next page while there is one', () => {
    expect(render({ hasNextPage: true })).toContain('<div class="load-more"><button type="button" class="button">Show more</button></div>');
    expect(render({ hasNextPage: true, isFetchingNextPage: true })).toContain('disabled="">Loading…</button>');
    expect(render({})).not.toContain('load-more');
  });
});
