import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { AreaFilter, ChoiceFilter, FilterBar, FlagFilter, type Choice } from './FilterBar';
import { SearchFilter } from './SearchFilter';

type Size = 'small' | 'large';
const SIZES: Choice<Size>[] = [
  { value: 'small', label: 'Small' },
  { value: 'large', label: 'Large' },
];

/** The select's change handler, fed the value a person picked. */
function pick(filter: ReactElement, value: string): void {
  const select = filter.props as { onChange: (event: { target: { value: string } }) => void };
  select.onChange({ target: { value } });
}

describe('FilterBar', () => {
  it('is a named search form', () => {
    const html = renderToStaticMarkup(createElement(FilterBar, { label: 'Filter things', children: 'fields' }));
    expect(html).toBe('<form class="filters" role="search" aria-label="Filter things">fields</form>');
  });

  it('draws a choice as a labelled select whose first option is "any"', () => {
    const html = renderToStaticMarkup(createElement(ChoiceFilter<Size>, { id: 'size', label: 'Size', anyLabel: 'Any size', choices: SIZES, value: 'large', onChange: () => undefined }));
    expect(html).toBe(
      '<div class="field"><label for="size">Size</label><select id="size">' +
        '<option value="">Any size</option><option value="small">Small</option><option value="large" selected="">Large</option>' +
        '</select></div>',
    );
  });

  it('hands back the picked choice, or null for "any"', () => {
    const seen: (Size | null)[] = [];
    const filter = ChoiceFilter<Size>({ id: 'size', label: 'Size', anyLabel: 'Any', choices: SIZES, value: null, onChange: (value) => seen.push(value) });
    pick(filter, 'small');
    pick(filter, '');
    pick(filter, 'huge');
    expect(seen).toEqual(['small', null, null]);
  });

  it('reads a yes/no filter as true, false or unset', () => {
    const props = { id: 'ripe', label: 'Ripe', anyLabel: 'Either', yesLabel: 'Yes', noLabel: 'No' };
    const html = renderToStaticMarkup(createElement(FlagFilter, { ...props, value: false, onChange: () => undefined }));
    expect(html).toContain('<option value="true">Yes</option><option value="false" selected="">No</option>');

    const seen: (boolean | null)[] = [];
    const choice = FlagFilter({ ...props, value: null, onChange: (value) => seen.push(value) }).props as { onChange: (value: string | null) => void };
    choice.onChange('true');
    choice.onChange('false');
    choice.onChange(null);
    expect(seen).toEqual([true, false, null]);
  });

  it('lists areas by name under "Any area"', () => {
    const areas = [{ code: 'lko', name: 'Lucknow', created_at: '2026-01-01T00:00:00Z', retired: false }];
    const html = renderToStaticMarkup(createElement(AreaFilter, { id: 'where', areas, value: null, onChange: () => undefined }));
    expect(html).toContain('<label for="where">Area</label>');
    expect(html).toContain('<option value="" selected="">Any area</option><option value="lko">Lucknow</option>');
  });

  it('draws a text filter as a labelled search field holding the applied text', () => {
    const html = renderToStaticMarkup(createElement(SearchFilter, { id: 'q', label: 'Search', placeholder: 'Name', value: 'ravi', onSearch: () => undefined }));
    expect(html).toBe('<div class="field"><label for="q">Search</label><input id="q" type="search" placeholder="Name" value="ravi"/></div>');
  });
});
