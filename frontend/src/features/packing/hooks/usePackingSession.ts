// Runs a packing session: scans go through the queue (one request at a time, retried with
// the same Idempotency-Key when the network drops, kept in IndexedDB until answered), their
// answers update the packing state, and every answer is announced with a colour and a tone.
//
// A scan is read by what it is (the parent types' patterns): a parent label opens that
// parent, even while another is open (that one stays as it was); a child goes into the parent
// open at that moment, counting the scans not sent yet. A child with nowhere to go (no parent,
// the parent full or closed) is refused here, without a request: at once while the
// connection is down, else when its turn comes.
import { useCallback, useEffect, useRef, useState } from 'react';

import { t } from '../../../i18n';
import { toProblem } from '../../../lib/api/problem';
import type { LocalRefusal, ParentLabelTest, ScanOutcome } from '../../scanning';
import { completeParent, removeChild, scanChild, scanParent, undoLastChild } from '../api/scans';
import {
  childDestination, INITIAL_PACKING_STATE, keepsUnsentScan, packingReducer, progressOf, projectedDestination, projectQueue, scanMode,
  type PackingAction, type PackingState,
} from '../packing';
import { browserLocalStorage, browserQueueStorage, loadKeptQueue, QueueKeeper, type ScanRequest } from '../queue-store';
import { ScanQueue, type QueuedScan, type ScanQueueState } from '../scan-queue';

interface PackingSessionOptions {
  announce: (outcome: ScanOutcome) => void;
  /** Area stamped on new parents (admins and billers); dispatchers' parents get theirs. */
  area: string | null;
  device_id: string | null;
  /** The signed-in user's id: unsent scans are kept for them, and sent only as them. */
  owner: string;
  /** Whether a code is a parent's label (null while the parent types are not known). */
  isParentLabel: ParentLabelTest;
}

/** What the queue sends: a request, or a refusal decided here when the scan's turn came. */
type PackingRequest = ScanRequest | { kind: 'refuse'; refusal: LocalRefusal };

const EMPTY_QUEUE: ScanQueueState = { waiting: 0, scans: [], offline: false };

export function usePackingSession({ announce, area, device_id, owner, isParentLabel }: PackingSessionOptions) {
  // The queue prepares each scan against the state the previous answers left, before React
  // re-renders, so the state lives in a ref that every action updates at once.
  const stateRef = useRef<PackingState>(INITIAL_PACKING_STATE);
  const [state, setState] = useState<PackingState>(INITIAL_PACKING_STATE);
  const [queueState, setQueueState] = useState<ScanQueueState>(EMPTY_QUEUE);
  const [busy, setBusy] = useState(false);
  const settings = useRef({ announce, area, device_id, owner, isParentLabel });
  settings.current = { announce, area, device_id, owner, isParentLabel };
  const keeper = useRef<QueueKeeper | null>(null);
  /** Scans made before the kept ones were read back (a few milliseconds after opening). */
  const early = useRef<string[] | null>([]);

  const dispatch = useCallback((action: PackingAction) => {
    stateRef.current = packingReducer(stateRef.current, action);
    setState(stateRef.current);
  }, []);

  const refuseHere = useCallback(
    (code: string, refusal: LocalRefusal) => {
      settings.current.announce({ kind: 'refused_here', code, refusal });
      const reason =
        refusal.reason === 'no_parent' ? t('scanLog.noParentOpen')
        : refusal.reason === 'parent_not_opened' ? t('scanLog.didNotOpen', { parent: refusal.parent_qr })
        : refusal.reason === 'parent_full' ? t('scanLog.isFull', { parent: refusal.parent_qr })
        : t('scanLog.isClosed', { parent: refusal.parent_qr });
      dispatch({ type: 'refused', code, reason: t('scanLog.notPacked', { reason }), at: Date.now() });
    },
    [dispatch],
  );

  const queueRef = useRef<ScanQueue<PackingRequest> | null>(null);
  // Scans already told "saved, not sent yet", so retries stay quiet.
  const announcedAsQueued = useRef(new WeakSet<QueuedScan<PackingRequest>>());
  if (queueRef.current === null) {
    queueRef.current = new ScanQueue<PackingRequest>({
      prepare: (code, target) => {
        const current = stateRef.current;
        const { area: stampArea, device_id: device, isParentLabel: isParent } = settings.current;
        const asParent: PackingRequest = { kind: 'parent', qr: code, area: stampArea, device_id: device };
        if (isParent(code) === true) return asParent;
        if (target !== null) {
          // A child meant for `target` when it was scanned: never packed into another parent.
          if (current.parent?.qr !== target) return { kind: 'refuse', refusal: { reason: 'parent_not_opened', parent_qr: target } };
          const destination = childDestination(current.parent);
          if (!('refusal' in destination)) return { kind: 'child', parent_qr: destination.parent_qr, child_qr: code, device_id: device };
        }
        // No parent open (or it is full or closed): the code goes as a parent. The server
        // knows every parent type, even one added since this screen loaded them; if it is not
        // a parent, its refusal is told as "scan a parent first" / "parent full" (see send).
        return scanMode(current) === 'child' && current.parent
          ? { kind: 'child', parent_qr: current.parent.qr, child_qr: code, device_id: device }
          : asParent;
      },
      send: async (request, idempotency_key, scan) => {
        const tell = settings.current.announce;
        if (request.kind === 'refuse') {
          refuseHere(scan.code, request.refusal);
          return 'done';
        }
        const context = { idempotency_key, device_id: request.device_id };
        try {
          if (request.kind === 'parent') {
            const previous = stateRef.current.parent;
            const result = await scanParent(request.qr, request.area, context);
            dispatch({ type: 'parent_scanned', result, at: Date.now() });
            const { count, max } = progressOf(result.parent);
            if (result.parent.status === 'completed') {
              tell({ kind: 'parent_finished', parent_qr: result.parent.qr, child_count: count, max_children: max });
            } else if (previous && previous.status !== 'completed' && previous.qr !== result.parent.qr) {
              const before = progressOf(previous);
              tell({
                kind: 'parent_switched', parent_qr: result.parent.qr, created: result.created, child_count: count, max_children: max,
                previous_qr: previous.qr, previous_count: before.count, previous_max: before.max,
              });
            } else {
              tell({ kind: 'parent_opened', parent_qr: result.parent.qr, created: result.created, child_count: count, max_children: max });
            }
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
          const destination = childDestination(stateRef.current.parent);
          if (
            request.kind === 'parent' && (problem.code === 'invalid_qr' || problem.code === 'wrong_kind') &&
            settings.current.isParentLabel(scan.code) !== true && 'refusal' in destination
          ) {
            // A child scanned when no parent takes it: say what to do, not what a QR is.
            refuseHere(scan.code, destination.refusal);
            return 'done';
          }
          tell({ kind: 'refused', code: scan.code, problem });
          dispatch({ type: 'refused', code: scan.code, reason: problem.message, at: Date.now() });
          return 'done';
        }
      },
      onChange: setQueueState,
      persist: (scans) =>
        void keeper.current?.keep({
          parent: stateRef.current.parent,
          // A refusal decided here is decided again after a reload.
          scans: scans.map((scan) => ({ ...scan, request: scan.request?.kind === 'refuse' ? null : scan.request })),
        }),
    });
  }

  useEffect(() => {
    const queue = queueRef.current;
    const online = () => queue?.retryNow();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);

  /**
   * A code from the scanner. Every scan gets an answer: its result when it is sent, at once
   * "saved, not sent yet" while the connection is down, "not packed" when a child has nowhere
   * to go, or "not saved" when the queue is full.
   */
  const scan = useCallback(
    (code: string) => {
      const queue = queueRef.current;
      if (!queue) return;
      if (early.current) {
        early.current.push(code);
        return;
      }
      const { isParentLabel: isParent, announce: tell } = settings.current;
      const before = queue.state;
      const label = isParent(code);
      let target: string | null = null;
      if (label !== true) {
        const projection = projectQueue(stateRef.current, before.scans, isParent);
        const destination = projectedDestination(projection);
        if (!('refusal' in destination)) {
          target = destination.parent_qr;
        } else if (label === false && before.offline) {
          // No connection: what would overfill the parent (or has no parent) is refused now,
          // not found out when the scans are sent. Online, the server has the last word.
          refuseHere(code, destination.refusal);
          return;
        }
      }
      const queued = queue.enqueue(code, target);
      const waiting = queue.state.waiting;
      if (!queued) {
        tell({ kind: 'queue_full', code, waiting });
      } else if (queue.state.offline) {
        announcedAsQueued.current.add(queued);
        tell({ kind: 'queued', code, waiting });
      }
    },
    [refuseHere],
  );

  // Scans a reload, a closed tab or an earlier visit left unsent go first, read against the
  // parent that was on screen then; scans made while they were read back follow.
  useEffect(() => {
    const queue = queueRef.current;
    const storage = browserQueueStorage();
    keeper.current = new QueueKeeper(storage, owner);
    early.current = [];
    let cancelled = false;
    void loadKeptQueue(storage, owner, browserLocalStorage()).then((kept) => {
      if (cancelled) return;
      if (kept.scans.length > 0) {
        stateRef.current = { ...INITIAL_PACKING_STATE, parent: kept.parent };
        setState(stateRef.current);
      }
      queue?.start(kept.scans);
      const waiting = early.current ?? [];
      early.current = null;
      waiting.forEach(scan);
    });
    return () => {
      cancelled = true;
      queue?.stop();
    };
  }, [owner, scan]);

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

  /** Takes one particular child out of the parent on screen (asked first by the screen). */
  const remove = useCallback(
    (child_qr: string) =>
      runAction(async (parent_qr) => {
        const result = await removeChild(parent_qr, child_qr);
        dispatch({ type: 'child_removed', result, at: Date.now() });
        const { count, max } = progressOf(result.parent);
        settings.current.announce({ kind: 'child_removed', child_qr: result.child.qr, parent_qr: result.parent.qr, child_count: count, max_children: max });
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
  const projection = projectQueue(state, queueState.scans, isParentLabel);

  return { state, mode: scanMode(state), queue: queueState, projection, busy, scan, undoLast, remove, finish, changeParent, retryNow };
}
