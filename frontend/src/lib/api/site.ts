// The site's clock (GET /site): its IANA time zone, its UTC offset and today's date there.
// Days the API takes and answers (the end-of-day report, the activity chart) are the site's
// days, and times are shown on its clock. The last answer is kept in localStorage
// (configuration, nothing personal), so a screen started offline shows the same times.
import { useQuery } from '@tanstack/react-query';

import { dayIn } from '../dates';
import { api, unwrap } from './client';
import type { SiteInfo } from './types';


const SITE_KEY = 'tracetrack.site';

function isSite(value: unknown): value is SiteInfo {
  if (typeof value !== 'object' || value === null) return false;
  const site = value as Record<string, unknown>;
  return typeof site.timezone === 'string' && typeof site.today === 'string';
}

function keptSite(): SiteInfo | undefined {
  try {
    const kept: unknown = JSON.parse(window.localStorage.getItem(SITE_KEY) ?? 'null');
    return isSite(kept) ? kept : undefined;
  } catch {
    return undefined;
  }
}

function keepSite(site: SiteInfo): void {
  try {
    window.localStorage.setItem(SITE_KEY, JSON.stringify(site));
  } catch {
    // Not kept: an offline start shows the browser's clock until the site answers.
  }
}

export function useSite() {
  return useQuery({
    queryKey: ['site'],
    queryFn: async () => {
      const site = await unwrap(api.GET('/api/v1/site'));
      keepSite(site);
      return site;
    },
    initialData: keptSite,
    initialDataUpdatedAt: 0,
    // `today` turns over at the site's midnight.
    staleTime: 5 * 60_000,
    refetchInterval: 5 * 60_000,
  });
}

/** The site's time zone, or null (the browser's clock) until it is known. */
export function useSiteZone(): string | null {
  return useSite().data?.timezone ?? null;
}

/** Today on the site's calendar (the site's own answer; the browser's day until it has answered once). */
export function useSiteToday(): string {
  return useSite().data?.today ?? dayIn(null);
}
