import { describe, expect, it } from 'vitest';

import { SseParser } from './sse';

const ACTIVITY = '{"at":"2026-11-30T10:00:00Z","scans_last_minute":3,"areas":[]}';

describe('SSE parser', () => {
  it('reads a message per blank line, with its event, data and id', () => {
    const parser = new SseParser();
    const messages = parser.feed(`event: activity\ndata: ${ACTIVITY}\n\nevent: change\nid: 41\ndata: {"id":41}\n\n`);
    expect(messages).toEqual([
      { event: 'activity', data: ACTIVITY, lastEventId: '' },
      { event: 'change', data: '{"id":41}', lastEventId: '41' },
    ]);
    expect(parser.lastEventId).toBe('41');
  });

  it('keeps the last id for later messages without one', () => {
    const parser = new SseParser('7');
    expect(parser.feed('event: activity\ndata: {}\n\n')).toEqual([{ event: 'activity', data: '{}', lastEventId: '7' }]);
  });

  it('joins several data lines with a line feed, and names an unnamed message "message"', () => {
    expect(new SseParser().feed('data: first\ndata:second\ndata\n\n')).toEqual([
      { event: 'message', data: 'first\nsecond\n', lastEventId: '' },
    ]);
  });

  it('takes text cut anywhere, even inside a CRLF', () => {
    const parser = new SseParser();
    const text = `event: change\r\nid: 9\r\ndata: {"id":9}\r\n\r\n`;
    const messages = [...text].flatMap((char) => parser.feed(char));
    expect(messages).toEqual([{ event: 'change', data: '{"id":9}', lastEventId: '9' }]);
    // CR alone ends a line too.
    expect(parser.feed('data: a\r\rdata: b\r')).toEqual([{ event: 'message', data: 'a', lastEventId: '9' }]);
    // A CR that ends a chunk may be half of a CRLF: the line ends once the next character comes.
    expect(parser.feed('\r')).toEqual([]);
    expect(parser.feed('data: c\n\n')).toEqual([
      { event: 'message', data: 'b', lastEventId: '9' },
      { event: 'message', data: 'c', lastEventId: '9' },
    ]);
  });

  it('skips comments (keep-alives), unknown fields and messages without data', () => {
    const parser = new SseParser();
    expect(parser.feed(': keep-alive\n\n:\n\nfoo: bar\nevent: nothing\n\n')).toEqual([]);
    // The event name of a message without data does not leak into the next one.
    expect(parser.feed('data: x\n\n')).toEqual([{ event: 'message', data: 'x', lastEventId: '' }]);
  });

  it('drops a leading byte order mark, strips one space only, and reads retry', () => {
    const parser = new SseParser();
    expect(parser.feed('\uFEFFretry: 2500\ndata:  two spaces\n\n')).toEqual([
      { event: 'message', data: ' two spaces', lastEventId: '' },
    ]);
    expect(parser.retryMs).toBe(2500);
    parser.feed('retry: soon\n\n');
    expect(parser.retryMs).toBe(2500);
  });

  it('ignores an id holding NUL, and keeps an unfinished message for the next chunk', () => {
    const parser = new SseParser('3');
    expect(parser.feed('id: 4\0\ndata: a')).toEqual([]);
    expect(parser.feed('bc\n\n')).toEqual([{ event: 'message', data: 'abc', lastEventId: '3' }]);
  });

  it('an empty id resets the last event id', () => {
    const parser = new SseParser('12');
    expect(parser.feed('id\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x', lastEventId: '' }]);
  });
});
