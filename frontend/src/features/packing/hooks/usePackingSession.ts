// Runs a packing session: scans go through the queue (one request at a time, retried with
// the same Idempotency-Key when the network drops, kept in localStorage until answered),
// their answers update the packing state, and every answer is announced with a colour and a tone.
import { useCallback, useEffect, useRef, useState } from 'react';

import { toProblem } from '../../../lib/api/problem';
import type { ScanOutcome } from '../../scanning/feedback';
import { completeParent, scanChild, scanParent, undoLastChild } from '../api/scans';
import { INITIAL_PACKING_STATE, keepsUnsentScan, packingReducer, progressOf, scanMode, type PackingAction, type PackingState } from '../packing';
import { browserLocalStorage, keepQueue, loadKeptQueue, type ScanRequest } from '../queue-store';
import { ScanQueue, type QueuedScan, type ScanQueueState } from '../scan-queue';

interface PackingSessionOptions {
  announce: (outcome: ScanOutcome) => void;
  /** Area stamped on new parents (admins and billers); dispatchers' parents get theirs. */
  area: string | null;
  device_id: string | null;
  /** The signed-in user's id: unsent scans are kept for them, and sent only as them. */
  owner: string;
}

export function usePackingSession({ announce, area, device_id, owner }: PackingSessionOptions) {
  // The queue prepares each scan against the state the previous answers left, before React
  // re-renders, so the state lives in a ref that every action updates at once.
  const stateRef = useRef<PackingState>(INITIAL_PACKING_STATE);
  const [state, setState] = useState<PackingState>(INITIAL_PACKING_STATE);
  const [queueState, setQueueState] = useState<ScanQueueState>({ waiting: 0, offline: false });
  const [busy, setBusy] = useState(false);
  const settings = useRef({ announce, area, device_id, owner });
  settings.current = { announce, area, device_id, owner };

  const dispatch = useCallback((action: PackingAction) => {
    stateRef.current = packingReducer(stateRef.current, action);
    setState(stateRef.current);
  }, []);

  const queueRef = useRef<ScanQueue<ScanRequest> | null>(null);
  // Scans already told "saved, not sent yet", so retries stay quiet.
  const announcedAsQueued = useRef(new WeakSet<QueuedScan<ScanRequest>>());
  if (queueRef.current === null) {
    queueRef.current = new ScanQueue<ScanRequest>({
      prepare: (code) => {
        const current = stateRef.current;
        const { area: stampArea, device_id: device } = settings.current;
        return scanMode(current) === 'child' && current.parent
          ? { kind: 'child', parent_qr: current.parent.qr, child_qr: code, device_id: device }
          : { kind: 'parent', qr: code, area: stampArea, device_id: device };
      },
      send: async (request, idempotency_key, scan) => {
        const tell = settings.current.announce;
        const context = { idempotency_key, device_id: request.device_id };
        try {
          if (request.kind === 'parent') {
            const result = await scanParent(request.qr, request.area, context);
            dispatch({ type: 'parent_scanned', result, at: Date.now() });
            const { count, max } = progressOf(result.parent);
            tell(
              result.parent.status === 'completed'
                ? { kind: 'parent_finished', parent_qr: result.parent.qr, child_count: count, max_children: max }
                : { kind: 'parent_opened', parent_qr: result.parent.qr, created: result.created, child_count: count, max_children: max },
            );
          } else {
            const result = await scanChild(request.parent_qr, request.child_qr, context);
            dispatch({ type: 'child_scanned', result, at: Date.now() });
            const { count, max } = progressOf(result.parent);
            if (result.already_linked) tell({ kind: 'already_linked', child_qr: result.child.qr, parent_qr: result.parent.qr });
            else if (result.parent.status === 'completed') tell({ kind: 'parent_finished', parent_qr: result.parent.qr, child_count: count, max_children: max });
            else tell({ kind: 'child_linked', child_qr: result.child.qr, parent_qr: result.parent.qr, child_count: count, max_children: max });
          }
          return 'done';
        } catch (error) {
          const problem = toProblem(error);
          if (keepsUnsentScan(problem)) {
            // Say it once per scan, not on every retry.
            if (!announcedAsQueued.current.has(scan)) {
              announcedAsQueued.current.add(scan);
              tell({ kind: 'queued', code: scan.code, waiting: queueRef.current?.state.waiting ?? 1 });
            }
            return 'retry';
          }
          const outcome: ScanOutcome = { kind: 'refused', code: scan.code, problem };
          tell(outcome);
          dispatch({ type: 'refused', code: scan.code, reason: problem.message, at: Date.now() });
          return 'done';
        }
      },
      onChange: setQueueState,
      persist: (scans) => keepQueue(browserLocalStorage(), settings.current.owner, { parent: stateRef.current.parent, scans: [...scans] }),
    });
  }

  useEffect(() => {
    const queue = queueRef.current;
    const online = () => queue?.retryNow();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);

  // Scans a reload, a closed tab or an earlier visit left unsent go first, read against the
  // parent that was on screen then.
  useEffect(() => {
    const queue = queueRef.current;
    const kept = loadKeptQueue(browserLocalStorage(), owner);
    if (kept.scans.length > 0) {
      stateRef.current = { ...INITIAL_PACKING_STATE, parent: kept.parent };
      setState(stateRef.current);
    }
    queue?.start(kept.scans);
    return () => queue?.stop();
  }, [owner]);

  /**
   * A code from the scanner. Every scan gets an answer: its result when it is sent, at once
   * "saved, not sent yet" while the connection is down, or "not saved" when the queue is full.
   */
  const scan = useCallback((code: string) => {
    const queue = queueRef.current;
    const queued = queue?.enqueue(code) ?? null;
    const waiting = queue?.state.waiting ?? 0;
    if (!queued) {
      settings.current.announce({ kind: 'queue_full', code, waiting });
    } else if (queue?.state.offline) {
      announcedAsQueued.current.add(queued);
      settings.current.announce({ kind: 'queued', code, waiting });
    }
  }, []);

  const runAction = useCallback(
    async (action: (parent_qr: string) => Promise<void>) => {
      const parent = stateRef.current.parent;
      if (!parent) return;
      setBusy(true);
      try {
        await action(parent.qr);
      } catch (error) {
        settings.current.announce({ kind: 'refused', code: parent.qr, problem: toProblem(error) });
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  const undoLast = useCallback(
    () =>
      runAction(async (parent_qr) => {
        const result = await undoLastChild(parent_qr);
        dispatch({ type: 'undone', result, at: Date.now() });
        settings.current.announce({ kind: 'undone', child_qr: result.child.qr, parent_qr: result.parent.qr });
      }),
    [dispatch, runAction],
  );

  const finish = useCallback(
    () =>
      runAction(async (parent_qr) => {
        const parent = await completeParent(parent_qr);
        dispatch({ type: 'finished', parent, at: Date.now() });
        const { count, max } = progressOf(parent);
        settings.current.announce({ kind: 'parent_finished', parent_qr: parent.qr, child_count: count, max_children: max });
      }),
    [dispatch, runAction],
  );

  const changeParent = useCallback(() => dispatch({ type: 'change_parent' }), [dispatch]);
  const retryNow = useCallback(() => queueRef.current?.retryNow(), []);

  return { state, mode: scanMode(state), queue: queueState, busy, scan, undoLast, finish, changeParent, retryNow };
}
