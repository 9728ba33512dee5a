// Server-Sent Events read by hand (the HTML standard's "event stream interpretation"): an
// EventSource cannot send an Authorization header, so the live stream is read with `fetch`
// and its text is cut into messages here. Pure and incremental: text arrives in chunks cut
// anywhere, even between the CR and LF of one line end.
//
// A message is the lines up to a blank line: `event: <type>`, `data: <text>` (several join
// with "\n"), `id: <last event id>`, `retry: <ms>`; a line starting with ":" is a comment (a
// keep-alive). A message without data is not dispatched; what is left when the stream ends
// is dropped.

export interface SseMessage {
  /** `event:`, or "message" when the message named none. */
  event: string;
  data: string;
  /** The last event id after this message (an `id:` line stays until another replaces it). */
  lastEventId: string;
}

export class SseParser {
  /** The last `id:` seen, sent back as `Last-Event-ID` when reconnecting. */
  lastEventId: string;
  /** The last valid `retry:`, in milliseconds, or null. */
  retryMs: number | null = null;

  private pending = '';
  private started = false;
  private data = '';
  private hasData = false;
  private eventType = '';

  constructor(lastEventId = '') {
    this.lastEventId = lastEventId;
  }

  /** The messages completed by this chunk of text. */
  feed(chunk: string): SseMessage[] {
    let text = this.pending + chunk;
    if (!this.started && text !== '') {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    const messages: SseMessage[] = [];
    let start = 0;
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index];
      if (char !== '\n' && char !== '\r') continue;
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (char === '\r' && index === text.length - 1) break;
      this.line(text.slice(start, index), messages);
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      start = index + 1;
    }
    this.pending = text.slice(start);
    return messages;
  }

  private line(line: string, messages: SseMessage[]): void {
    if (line === '') {
      this.dispatch(messages);
      return;
    }
    if (line.startsWith(':')) return; // a comment: a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data += this.hasData ? `\n${value}` : value;
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break; // an unknown field is ignored
    }
  }

  private dispatch(messages: SseMessage[]): void {
    if (this.hasData) {
      messages.push({ event: this.eventType || 'message', data: this.data, lastEventId: this.lastEventId });
    }
    this.data = '';
    this.hasData = false;
    this.eventType = '';
  }
}
