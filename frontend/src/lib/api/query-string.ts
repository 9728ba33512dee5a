/**
 * Serialises only the query parameters that are set, so an unset filter is left out rather
 * than sent as `role=` or `role=null`.
 */
export function setParamsOnly(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}
