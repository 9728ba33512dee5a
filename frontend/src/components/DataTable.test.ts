import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { DataTable, type Column } from './DataTable';

interface Fruit {
  id: number;
  name: string;
  ripe: boolean;
}

const fruits: Fruit[] = [
  { id: 1, name: 'mango', ripe: true },
  { id: 2, name: 'guava', ripe: false },
];

const columns: Column<Fruit>[] = [
  { header: 'Name', cell: (fruit) => createElement('strong', null, fruit.name) },
  { header: 'Ripe', cell: (fruit) => (fruit.ripe ? 'yes' : 'no'), className: 'fruit__ripe' },
  { header: 'Actions', headerHidden: true, cell: (fruit) => createElement('button', { type: 'button' }, `Eat ${fruit.name}`) },
];

function render(props: Partial<Parameters<typeof DataTable<Fruit>>[0]> = {}): string {
  return renderToStaticMarkup(createElement(DataTable<Fruit>, { caption: 'Fruit', columns, rows: fruits, rowKey: (fruit) => fruit.id, ...props }));
}

describe('DataTable', () => {
  it('heads each column and names it on every cell for narrow screens', () => {
    const html = render();
    expect(html).toContain('<table class="table"><caption class="visually-hidden">Fruit</caption>');
    expect(html).toContain('<th scope="col">Name</th><th scope="col">Ripe</th>');
    expect(html).toContain('<td data-label="Name"><strong>mango</strong></td><td data-label="Ripe" class="fruit__ripe">yes</td>');
    expect(html).toContain('<td data-label="Ripe" class="fruit__ripe">no</td>');
  });

  it('hides a column header from sight only, and leaves its cells unlabelled', () => {
    const html = render();
    expect(html).toContain('<th scope="col"><span class="visually-hidden">Actions</span></th>');
    expect(html).toContain('<td><button type="button">Eat guava</button></td>');
  });

  it('draws one row per item, in order, with the attributes asked for', () => {
    const html = render({ rowAttributes: (fruit) => ({ 'data-name': fruit.name, 'aria-selected': fruit.ripe }) });
    expect(html.match(/<tr /g)).toHaveLength(2);
    expect(html.indexOf('mango')).toBeLessThan(html.indexOf('guava'));
    expect(html).toContain('<tr data-name="mango" aria-selected="true">');
    expect(html).toContain('<tr data-name="guava" aria-selected="false">');
  });

  it('adds classes and a test id to the table', () => {
    expect(render({ className: 'fruit-table', testId: 'fruit-list' })).toContain('<table class="table fruit-table" data-testid="fruit-list">');
  });

  it('keeps the header row when there are no rows', () => {
    const html = render({ rows: [] });
    expect(html).toContain('<th scope="col">Name</th>');
    expect(html).toContain('<tbody></tbody>');
  });
});
