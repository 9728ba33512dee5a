import { describe, expect, it } from 'vitest';

import { ApiError } from '../../lib/api/problem';
import { EventStreamParser, progressOf, progressShare, readImportStream, settle, type ImportProgress, type StreamEvent } from './import-stream';

const report = {
  dry_run: true, layout: 'pairs', sheets: [{ name: 'csv', header_row: 1, mapping: { parent_qr: 'Box', child_qr: 'Bag' } }], sheets_skipped: [],
  rows: 3, accepted: 3, batches_accepted: 2, rejected_count: 0, skipped_count: 0, rejected: [], skipped: [],
};

const STREAM = [
  'event: progress\ndata: {"rows_done":0,"rows_total":3}\n\n',
  'event: progress\ndata: {"rows_done":3,"rows_total":3}\n\n',
  `event: report\ndata: ${JSON.stringify(report)}\n\n`,
].join('');

/** Every event of `chunks` fed one after the other. */
function parseAll(chunks: string[]): StreamEvent[] {
  const parser = new EventStreamParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

describe('event-stream frames', () => {
  it('reads named events with their data', () => {
    expect(parseAll([STREAM]).map((event) => event.event)).toEqual(['progress', 'progress', 'report']);
    expect(parseAll([STREAM])[1]).toEqual({ event: 'progress', data: '{"rows_done":3,"rows_total":3}' });
  });

  it('gives the same events however the chunks cut the text, even one character at a time', () => {
    const whole = parseAll([STREAM]);
    expect(parseAll([...STREAM])).toEqual(whole);
    for (let cut = 1; cut < STREAM.length; cut += 7) {
      expect(parseAll([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(whole);
    }
  });

  it('takes CRLF and CR line ends, a CRLF split between two chunks included', () => {
    const crlf = 'event: progress\r\ndata: {"rows_done":1,"rows_total":2}\r\n\r\n';
    expect(parseAll(['event: progress\r', '\ndata: {"rows_done":1,"rows_total":2}\r', '\n\r', '\n'])).toEqual(parseAll([crlf]));
    expect(parseAll(['event: progress\rdata: x\r\r'])).toEqual([{ event: 'progress', data: 'x' }]);
    expect(parseAll([crlf])).toHaveLength(1);
  });

  it('joins data lines, drops comments and one leading space, names an unnamed event "message"', () => {
    expect(parseAll([': keep-alive\n\ndata:a\ndata:  b\nid: 7\n\nevent:problem\ndata\n\n'])).toEqual([
      { event: 'message', data: 'a\n b' },
      { event: 'problem', data: '' },
    ]);
  });

  it('dispatches nothing without a blank line after it, or without data', () => {
    expect(parseAll(['event: report\ndata: {}'])).toEqual([]);
    expect(parseAll(['event: progress\n\n'])).toEqual([]);
  });
});

describe('import progress and answer', () => {
  it('reads progress counts, and refuses anything else', () => {
    expect(progressOf('{"rows_done":200,"rows_total":250}')).toEqual({ rows_done: 200, rows_total: 250 });
    expect(progressOf('{"rows_done":"2","rows_total":3}')).toBeNull();
    expect(progressOf('not json')).toBeNull();
    expect(progressShare({ rows_done: 50, rows_total: 200 })).toBe(0.25);
    expect(progressShare({ rows_done: 0, rows_total: 0 })).toBe(1);
  });

  it('hands each progress on, then answers the report', () => {
    const seen: ImportProgress[] = [];
    expect(settle(parseAll([STREAM]), (progress) => seen.push(progress))).toEqual(report);
    expect(seen).toEqual([{ rows_done: 0, rows_total: 3 }, { rows_done: 3, rows_total: 3 }]);
  });

  it('throws a problem event as the problem it carries', () => {
    const problem = {
      type: 'urn:tracetrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, code: 'validation_failed',
      detail: 'bad mapping', message: 'bad mapping', instance: 'urn:x', request_id: 'r-1',
      details: { fields: [{ field: 'mapping', message: 'must be a JSON object' }] },
    };
    const events = parseAll([`event: problem\ndata: ${JSON.stringify(problem)}\n\n`]);
    expect(() => settle(events, () => undefined)).toThrow(ApiError);
    try {
      settle(events, () => undefined);
    } catch (error) {
      expect((error as ApiError).problem.fields).toEqual({ mapping: 'must be a JSON object' });
      expect((error as ApiError).problem.code).toBe('validation_failed');
    }
  });

  it('reads a body to its report, across chunks and a character cut in two', async () => {
    const bytes = new TextEncoder().encode(STREAM.replace('"csv"', '"Lot ७७"'));
    const at = bytes.indexOf(0xe0) + 1; // inside the Devanagari digit's three bytes
    const seen: ImportProgress[] = [];
    const answer = await readImportStream(streamOf([bytes.slice(0, at), bytes.slice(at)]), (progress) => seen.push(progress));
    expect(answer.sheets[0]?.name).toBe('Lot ७७');
    expect(seen).toHaveLength(2);
  });

  it('calls a stream that ends without a report a network failure', async () => {
    await expect(readImportStream(streamOf(['event: progress\ndata: {"rows_done":1,"rows_total":9}\n\n']), () => undefined))
      .rejects.toMatchObject({ problem: { code: 'network_error' } });
  });
});
