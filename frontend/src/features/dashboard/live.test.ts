import { afterEach, describe, expect, it, vi } from 'vitest';

import { activityMoved, addChange, changeKindLabel, changeSubject, FEED_LENGTH, readLiveMessage, throttle, type LiveChange } from './live';

const change = (id: number, kind = 'bill_completed'): LiveChange => ({
  id, kind, at: '2026-11-30T10:00:00Z', area: null, bag_qr: null, parent_qr: null, bill_id: 'B-1', return_code: null, actor: 'priya',
});

describe('live messages', () => {
  it('reads an activity message', () => {
    const message = {
      event: 'activity', lastEventId: '',
      data: '{"at":"2026-11-30T10:00:05Z","scans_last_minute":7,"areas":[{"area":"jaipur","scans_last_minute":5},{"area":"lucknow","scans_last_minute":2},{"bad":1}]}',
    };
    expect(readLiveMessage(message)).toEqual({
      type: 'activity',
      activity: {
        at: '2026-11-30T10:00:05Z', scans_last_minute: 7,
        areas: [{ area: 'jaipur', scans_last_minute: 5 }, { area: 'lucknow', scans_last_minute: 2 }],
      },
    });
  });

  it('reads a change message, its id from the body or else from the event id', () => {
    const data = '{"kind":"parent_completed","at":"2026-11-30T10:00:00Z","area":"jaipur","parent_qr":"SB00017","bag_qr":"SB00017","actor":"ravi","details":{"children":30}}';
    expect(readLiveMessage({ event: 'change', lastEventId: '812', data })).toEqual({
      type: 'change',
      change: {
        id: 812, kind: 'parent_completed', at: '2026-11-30T10:00:00Z', area: 'jaipur', bag_qr: 'SB00017', parent_qr: 'SB00017',
        bill_id: null, return_code: null, actor: 'ravi',
      },
    });
  });

  it('reads a reset (more missed than the stream can replay), whatever its data', () => {
    expect(readLiveMessage({ event: 'reset', lastEventId: '90', data: '' })).toEqual({ type: 'reset' });
  });

  it('ignores what it does not understand', () => {
    expect(readLiveMessage({ event: 'activity', lastEventId: '', data: 'not json' })).toBeNull();
    expect(readLiveMessage({ event: 'activity', lastEventId: '', data: '{"scans_last_minute":-1}' })).toBeNull();
    expect(readLiveMessage({ event: 'change', lastEventId: '', data: '{"id":3}' })).toBeNull();
    expect(readLiveMessage({ event: 'message', lastEventId: '', data: '{}' })).toBeNull();
  });
});

describe('the live feed', () => {
  it('keeps the newest changes on top, each once, at most ten', () => {
    let feed: LiveChange[] = [];
    for (let id = 1; id <= 12; id += 1) feed = addChange(feed, change(id));
    expect(feed.map((shown) => shown.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(FEED_LENGTH).toBe(10);
    expect(addChange(feed, change(12)).map((shown) => shown.id)).toEqual(feed.map((shown) => shown.id));
  });

  it('names a change in words, and what it is about', () => {
    expect(changeKindLabel('parent_completed')).toBe('Parent completed');
    expect(changeKindLabel('bill_parent_added')).toBe('Bill parent added');
    expect(changeKindLabel('area_renamed')).toBe('area renamed');
    expect(changeSubject({ ...change(1), bill_id: 'B-1', parent_qr: 'SB1', bag_qr: 'SB1' })).toBe('B-1 · SB1');
    expect(changeSubject({ ...change(1), bill_id: null })).toBe('');
  });

  it('asks for the figures when scans come in or stop, not on the first message', () => {
    const at = (scans: number) => ({ at: '', scans_last_minute: scans, areas: [] });
    expect(activityMoved(null, at(5))).toBe(false);
    expect(activityMoved(at(0), at(0))).toBe(false);
    expect(activityMoved(at(0), at(2))).toBe(true);
    expect(activityMoved(at(2), at(0))).toBe(true);
  });
});

describe('throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then at most once a second however often it is asked', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const refetch = throttle(run, 1000);
    refetch.request();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i += 1) refetch.request();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(999);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
    refetch.request();
    expect(run).toHaveBeenCalledTimes(3);
    refetch.request();
    refetch.cancel();
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('with settleMs, runs once more that long after the last request', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const refetch = throttle(run, 1000, { settleMs: 5000 });
    refetch.request();
    vi.advanceTimersByTime(3000);
    refetch.request(); // a second change: at once (the interval is over), and the settling starts again
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(4999);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(60_000);
    expect(run).toHaveBeenCalledTimes(3);
  });
});
