// An import answered as server-sent events (`Accept: text/event-stream`): `progress` events
// (`{"rows_done", "rows_total"}`) while the server works, then one `report` (the ImportReport)
// or one `problem` (a problem+json body). EventSource cannot POST a file, so the body is read
// with fetch's reader; the frames are parsed here, across whatever chunks the network cuts.
import { ApiError, summarizeProblem } from '../../lib/api/problem';
import type { components } from '../../lib/api/schema';

type ImportReport = components['schemas']['ImportReport'];

/** One dispatched event: its name (`message` when the frame names none) and its data lines joined. */
export interface StreamEvent {
  event: string;
  data: string;
}

export interface ImportProgress {
  rows_done: number;
  rows_total: number;
}

/**
 * The event-stream format (WHATWG HTML §9.2.6), fed in pieces: lines end in CRLF, LF or CR (a
 * CR at the end of one chunk and the LF at the start of the next are one line end), `:` starts
 * a comment, a field's value loses one leading space, several `data:` lines join with `\n`,
 * and a blank line dispatches the event (one without data is dropped).
 */
export class EventStreamParser {
  private buffer = '';
  private afterCr = false;
  private event = '';
  private data: string[] = [];

  /** The events completed by `chunk`. */
  push(chunk: string): StreamEvent[] {
    const events: StreamEvent[] = [];
    let text = chunk;
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i += 1) {
      const char = text[i];
      if (char !== '\n' && char !== '\r') continue;
      this.line(this.buffer + text.slice(start, i), events);
      this.buffer = '';
      if (char === '\r') {
        if (i + 1 === text.length) this.afterCr = true;
        else if (text[i + 1] === '\n') i += 1;
      }
      start = i + 1;
    }
    this.buffer += text.slice(start);
    return events;
  }

  /** The end of the stream: an event not followed by a blank line is not dispatched (per the format). */
  end(): StreamEvent[] {
    this.buffer = '';
    this.event = '';
    this.data = [];
    return [];
  }

  private line(line: string, events: StreamEvent[]) {
    if (line === '') {
      if (this.data.length > 0) events.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    // `id` and `retry` mean nothing to a one-off POST.
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A `progress` event's counts, or null when they are not two whole numbers. */
export function progressOf(data: string): ImportProgress | null {
  const value = parseJson(data);
  if (typeof value !== 'object' || value === null) return null;
  const { rows_done, rows_total } = value as Record<string, unknown>;
  if (!Number.isInteger(rows_done) || !Number.isInteger(rows_total)) return null;
  return { rows_done: rows_done as number, rows_total: rows_total as number };
}

/** How far along, 0–1 (a file of no rows is done at once). */
export function progressShare(progress: ImportProgress): number {
  if (progress.rows_total <= 0) return 1;
  return Math.min(1, Math.max(0, progress.rows_done / progress.rows_total));
}

function isReport(value: unknown): value is ImportReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Record<string, unknown>;
  return typeof report.rows === 'number' && Array.isArray(report.rejected) && Array.isArray(report.sheets);
}

/**
 * What the events mean: each `progress` is handed to `onProgress`; `report` is the answer;
 * `problem` throws it as an ApiError. Returns null while the answer has not come.
 */
export function settle(events: StreamEvent[], onProgress: (progress: ImportProgress) => void): ImportReport | null {
  for (const { event, data } of events) {
    if (event === 'progress') {
      const progress = progressOf(data);
      if (progress) onProgress(progress);
    } else if (event === 'report') {
      const report = parseJson(data);
      if (!isReport(report)) throw new ApiError(summarizeProblem(undefined, new Response(null, { status: 502 })));
      return report;
    } else if (event === 'problem') {
      throw new ApiError(summarizeProblem(parseJson(data)));
    }
  }
  return null;
}

/**
 * Reads an import's event stream to its report. A stream that ends without one (the connection
 * dropped) is a `network_error`; the import itself runs to its end on the server and its audit
 * entry says what it did.
 */
export async function readImportStream(
  body: ReadableStream<Uint8Array>,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new EventStreamParser();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        throw new ApiError(summarizeProblem(undefined));
      }
      const text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      const report = settle(parser.push(text), onProgress);
      if (report) return report;
      if (chunk.done) {
        parser.end();
        throw new ApiError(summarizeProblem(undefined));
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
