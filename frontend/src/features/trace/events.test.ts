import { describe, expect, it } from 'vitest';

import type { Event } from '../../lib/api/types';
import { describeEvent, eventSource } from './events';

function event(kind: string, fields: Partial<Event> = {}): Event {
  return { id: 1, kind, occurred_at: '2026-11-28T09:14:03Z', details: {}, ...fields };
}

describe('describeEvent', () => {
  it('says what happened to the bag in plain words', () => {
    expect(describeEvent(event('child_linked', { bag_qr: '123456', parent_qr: 'SB00017' }))).toBe('123456 packed into SB00017');
    expect(describeEvent(event('child_unlinked', { bag_qr: '123456', parent_qr: 'SB00017' }))).toBe('123456 taken out of SB00017');
    expect(describeEvent(event('parent_created', { bag_qr: 'SB00017' }))).toBe('parent SB00017 created');
    expect(describeEvent(event('bill_parent_added', { bag_qr: 'SB00017', bill_id: 'B-1' }))).toBe('SB00017 loaded on bill B-1');
    expect(describeEvent(event('bill_completed', { bill_id: 'B-1' }))).toBe('bill B-1 completed');
    expect(describeEvent(event('bags_imported'))).toBe('bags imported');
  });

  it('names who and where', () => {
    expect(eventSource(event('child_linked', { actor_username: 'ravi', device_id: 'station-3' }))).toBe('by ravi at station-3');
    expect(eventSource(event('child_linked'))).toBe('');
  });
});
