// A text filter of a FilterBar. It applies 300 ms after the last keystroke, so typing a
// word sends one request rather than one per key.
import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

import { TextField } from './Field';

type SearchFilterProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'value' | 'onChange'> & {
  id: string;
  label: string;
  /** The filter as applied; null when empty. */
  value: string | null;
  onSearch: (text: string | null) => void;
};

export function SearchFilter({ value, onSearch, ...input }: SearchFilterProps) {
  const [text, setText] = useState(value ?? '');
  // The latest callback, so that a re-render does not restart the wait.
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  useEffect(() => {
    const typed = text.trim() || null;
    if (typed === value) return undefined;
    const timer = setTimeout(() => onSearchRef.current(typed), 300);
    return () => clearTimeout(timer);
  }, [text, value]);

  return <TextField type="search" {...input} value={text} onChange={(event) => setText(event.target.value)} />;
}
