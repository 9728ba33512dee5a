// The end of a cursor-paginated list: the next page loads by itself when this scrolls into
// view (infinite scroll), and the "Show more" button does the same from the keyboard, or
// where IntersectionObserver is missing.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}

export function LoadMore({ hasMore, loading, onMore }: LoadMoreProps) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;

  useEffect(() => {
    const element = sentinel.current;
    if (!hasMore || loading || !element || typeof IntersectionObserver === 'undefined') return undefined;
    // Re-armed after every page: a page too short to fill the screen asks for the next one.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onMoreRef.current();
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loading]);

  if (!hasMore) return null;
  return (
    <div ref={sentinel} className="load-more">
      <button type="button" className="button" disabled={loading} onClick={onMore}>
        {loading ? t('common.loading') : t('common.showMore')}
      </button>
    </div>
  );
}
