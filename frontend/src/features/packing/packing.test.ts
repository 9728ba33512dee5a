import { describe, expect, it } from 'vitest';

import { summarizeProblem } from '../../lib/api/problem';
import type { Bag } from '../../lib/api/types';
import {
  childDestination, INITIAL_PACKING_STATE, keepsUnsentScan, LOG_LENGTH, packingReducer, progressOf, projectedDestination,
  projectQueue, scanMode, type PackingState,
} from './packing';
import { parentLabelTest } from '../scanning';

function parent(child_count: number, status = child_count === 0 ? 'pending' : 'in_progress', max_children = 3): Bag {
  return {
    qr: 'SB00017', kind: 'parent', status, area: 'lucknow', created_at: '2026-11-28T09:00:00Z',
    parent_type: 'mustard', child_count, max_children, bill_id: null,
  };
}

function child(qr: string): Bag {
  return { qr, kind: 'child', status: 'linked', area: 'lucknow', created_at: '2026-11-28T09:00:00Z', parent_qr: 'SB00017' };
}

function opened(count = 0): PackingState {
  return packingReducer(INITIAL_PACKING_STATE, {
    type: 'parent_scanned', result: { parent: parent(count), children: [], created: count === 0 }, at: 1,
  });
}

describe('packing', () => {
  it('starts by asking for a parent, then for children', () => {
    expect(scanMode(INITIAL_PACKING_STATE)).toBe('parent');
    const state = opened();
    expect(scanMode(state)).toBe('child');
    expect(state.log[0]).toMatchObject({ code: 'SB00017', outcome: 'parent', text: 'new parent 0/3' });
  });

  it('counts children and logs newest first', () => {
    let state = opened();
    state = packingReducer(state, { type: 'child_scanned', result: { child: child('111111'), parent: parent(1), already_linked: false }, at: 2 });
    state = packingReducer(state, { type: 'child_scanned', result: { child: child('222222'), parent: parent(2), already_linked: false }, at: 3 });
    expect(progressOf(state.parent ?? parent(0))).toEqual({ count: 2, max: 3, ratio: 2 / 3 });
    expect(state.children.map((bag) => bag.qr)).toEqual(['222222', '111111']);
    expect(state.log.map((entry) => entry.text)).toEqual(['packed 2/3', 'packed 1/3', 'new parent 0/3']);
  });

  it('goes back to "scan a parent" after the last child', () => {
    let state = opened(2);
    state = packingReducer(state, {
      type: 'child_scanned', result: { child: child('333333'), parent: parent(3, 'completed'), already_linked: false }, at: 2,
    });
    expect(scanMode(state)).toBe('parent');
    expect(state.parent?.status).toBe('completed');
    expect(state.log.slice(0, 2).map((entry) => entry.outcome)).toEqual(['finished', 'linked']);
  });

  it('reopens a completed parent on undo', () => {
    let state = opened(2);
    state = packingReducer(state, {
      type: 'child_scanned', result: { child: child('333333'), parent: parent(3, 'completed'), already_linked: false }, at: 2,
    });
    state = packingReducer(state, { type: 'undone', result: { child: child('333333'), parent: parent(2) }, at: 3 });
    expect(scanMode(state)).toBe('child');
    expect(state.children.map((bag) => bag.qr)).not.toContain('333333');
    expect(state.log[0]).toMatchObject({ outcome: 'undone', code: '333333' });
  });

  it('changes nothing but the log for a child already in the parent', () => {
    const before = opened(1);
    const state = packingReducer(before, {
      type: 'child_scanned', result: { child: child('111111'), parent: parent(1), already_linked: true }, at: 2,
    });
    expect(state.children).toEqual(before.children);
    expect(state.log[0]).toMatchObject({ outcome: 'already' });
  });

  it('keeps refusals in the log without touching the parent', () => {
    const before = opened(1);
    const state = packingReducer(before, { type: 'refused', code: '999999', reason: 'already in SB00099', at: 2 });
    expect(state.parent).toBe(before.parent);
    expect(state.log[0]).toMatchObject({ code: '999999', outcome: 'refused', text: 'already in SB00099' });
  });

  it('closes a parent early on finish', () => {
    const state = packingReducer(opened(2), { type: 'finished', parent: parent(2, 'completed'), at: 2 });
    expect(scanMode(state)).toBe('parent');
    expect(state.log[0]?.text).toBe('closed at 2/3');
  });

  it('keeps a short log', () => {
    let state = opened();
    for (let i = 0; i < LOG_LENGTH + 5; i += 1) state = packingReducer(state, { type: 'refused', code: `${i}`, reason: 'x', at: i });
    expect(state.log).toHaveLength(LOG_LENGTH);
    expect(state.log[0]?.code).toBe(`${LOG_LENGTH + 4}`);
  });
});

describe('keepsUnsentScan', () => {
  const problem = (code: string, status: number) => summarizeProblem({
    type: `urn:tracetrack:problem:${code}`, title: 'x', status, code, message: code, request_id: 'r',
  });

  it('keeps scans that got no answer, a brief outage or an ended session', () => {
    expect(keepsUnsentScan(summarizeProblem(new TypeError('Failed to fetch')))).toBe(true);
    expect(keepsUnsentScan(problem('unavailable', 503))).toBe(true);
    expect(keepsUnsentScan(problem('rate_limited', 429))).toBe(true);
    // The client could not renew a revoked token: the tab signs in again, then the scan goes.
    expect(keepsUnsentScan(problem('unauthorized', 401))).toBe(true);
  });

  it('shows refusals as refused', () => {
    expect(keepsUnsentScan(problem('parent_full', 409))).toBe(false);
    expect(keepsUnsentScan(problem('forbidden', 403))).toBe(false);
  });
});

describe('parent labels', () => {
  it('are told apart by the parent types’ patterns, whole code only', () => {
    const isParent = parentLabelTest([{ qr_pattern: 'SB\\d{5}' }, { qr_pattern: 'M444-\\d{5}' }]);
    expect(isParent('SB00017')).toBe(true);
    expect(isParent('M444-00042')).toBe(true);
    expect(isParent('100001')).toBe(false);
    expect(isParent('SB000170')).toBe(false);
  });

  it('are unknown until the types are loaded, or when a pattern cannot be read here', () => {
    expect(parentLabelTest(undefined)('SB00017')).toBeNull();
    expect(parentLabelTest([{ qr_pattern: 'SB(\\d{5}' }])('SB00017')).toBeNull();
  });
});

describe('where a child goes', () => {
  it('into the open parent; nowhere without one, or when it is full or closed', () => {
    expect(childDestination(parent(2))).toEqual({ parent_qr: 'SB00017' });
    expect(childDestination(null)).toEqual({ refusal: { reason: 'no_parent' } });
    expect(childDestination(parent(3, 'completed'))).toEqual({ refusal: { reason: 'parent_full', parent_qr: 'SB00017', max_children: 3 } });
    expect(childDestination(parent(1, 'completed'))).toEqual({
      refusal: { reason: 'parent_closed', parent_qr: 'SB00017', child_count: 1, max_children: 3 },
    });
  });
});

describe('scans not sent yet', () => {
  const isParent = parentLabelTest([{ qr_pattern: 'SB\\d{5}' }]);
  const waiting = (...codes: string[]) => codes.map((code) => ({ code, target: null }));

  it('count into the parent on screen, each child once', () => {
    const state = { parent: parent(1), children: [child('111111')] };
    const projection = projectQueue(state, waiting('222222', '111111', '222222'), isParent);
    expect(projection.unsent).toBe(1);
    expect(projection.parent?.child_count).toBe(2);
    expect(projection.parent?.status).toBe('in_progress');
    expect(projectedDestination(projection)).toEqual({ parent_qr: 'SB00017' });
  });

  it('fill the parent: the next child would overfill it', () => {
    const projection = projectQueue({ parent: parent(1), children: [] }, waiting('222222', '333333'), isParent);
    expect(projection.parent).toMatchObject({ child_count: 3, status: 'completed' });
    expect(projectedDestination(projection)).toEqual({ refusal: { reason: 'parent_full', parent_qr: 'SB00017', max_children: 3 } });
  });

  it('lead to a parent not opened yet, whose children go there', () => {
    const projection = projectQueue({ parent: parent(1), children: [] }, waiting('222222', 'SB00018', '444444'), isParent);
    expect(projection).toEqual({ parent: null, pending_parent: 'SB00018', unsent: 1 });
    expect(projectedDestination(projection)).toEqual({ parent_qr: 'SB00018' });
  });

  it('with no parent and no types known, the first code is taken as the parent', () => {
    const projection = projectQueue({ parent: null, children: [] }, waiting('SB00019', '555555'), () => null);
    expect(projection).toEqual({ parent: null, pending_parent: 'SB00019', unsent: 1 });
  });
});
