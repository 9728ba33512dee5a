// Files the API answers with (exports, the end-of-day CSV): fetched through the client, so
// the bearer token and its refresh apply, then handed to the browser to save.

/** The name from `Content-Disposition` (plain or RFC 5987 `filename*`), else `fallback`. */
export function fileNameFromDisposition(disposition: string | null, fallback: string): string {
  if (disposition) {
    const extended = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
    if (extended) {
      try {
        return decodeURIComponent(extended.trim().replace(/^"|"$/g, ''));
      } catch {
        // fall through to the plain name
      }
    }
    const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
    if (plain) return plain.trim();
  }
  return fallback;
}

/** Saves a downloaded body under `name` (a link with `download`, clicked and removed). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
