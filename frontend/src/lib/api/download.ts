// Files the API answers with (exports, the end-of-day CSV and PDF, a bill's PDFs): fetched
// through the client with `parseAs: 'blob'`, so the bearer token and its refresh apply.
import { unwrap } from './client';

export interface Download {
  blob: Blob;
  /** `Content-Disposition`, for the server's file name. */
  disposition: string | null;
}

/** The file of a `parseAs: 'blob'` call, or an ApiError with the problem in plain words. */
export async function downloaded(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Download> {
  let disposition: string | null = null;
  const blob = await unwrap(
    call.then((result) => {
      disposition = result.response.headers.get('Content-Disposition');
      return { ...result, data: result.data as Blob | undefined };
    }),
  );
  return { blob, disposition };
}
