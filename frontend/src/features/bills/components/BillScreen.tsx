// One bill (SPEC §4, §10): its id, `linked / capacity` big with a progress bar, live actual
// and expected weight and their difference, the parents with child counts and a remove
// button each, the scanner that loads parents in and a field to type one by hand. Scans are
// sent one at a time, in order. Admins may delete the bill (asked first).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Loading, ProblemNotice } from '../../../components/Notices';
import { newIdempotencyKey } from '../../../lib/api/idempotency';
import { toProblem } from '../../../lib/api/problem';
import type { BillDetail } from '../../../lib/api/types';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { ScanFeedback } from '../../scanning/components/ScanFeedback';
import { ScannerInput } from '../../scanning/components/ScannerInput';
import { useScanFeedback } from '../../scanning/hooks/useScanFeedback';
import { useScannerInput } from '../../scanning/hooks/useScannerInput';
import type { Feedback } from '../../scanning/feedback';
import { unlockAudio } from '../../scanning/tones';
import { billKeys, completeBill, deleteBill, loadParent, reopenBill, unloadParent, useBill } from '../api/bills';
import { billActions, billProgress, formatKg, isBillOpen, loadedFeedback, refusedFeedback, weightDifferenceText } from '../bill';
import { BillCapacityForm } from './BillCapacityForm';
import { BillManualEntry } from './BillManualEntry';

export function BillScreen() {
  const { billId = '' } = useParams();
  const bill = useBill(billId);
  return (
    <section className="page" aria-labelledby="bill-title">
      <p>
        <Link to="/bills">← All bills</Link>
      </p>
      {bill.isPending ? (
        <Loading label="Loading the bill…" />
      ) : bill.isError ? (
        <ProblemNotice problem={toProblem(bill.error)} onRetry={() => void bill.refetch()} />
      ) : (
        <BillWorkspace bill={bill.data} />
      )}
    </section>
  );
}

function BillWorkspace({ bill }: { bill: BillDetail }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const feedback = useScanFeedback();
  const [busy, setBusy] = useState(false);
  const [actionProblem, setActionProblem] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const billId = bill.bill_id;
  const open = isBillOpen(bill);

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: billKeys.all }), [queryClient]);
  const { show } = feedback;

  /** Loads a scanned (or, `manual`, typed) parent after those before it; resolves to what was shown. */
  const load = useCallback(
    (code: string, manual: boolean): Promise<Feedback> => {
      unlockAudio();
      const key = newIdempotencyKey();
      const shown = chain.current.then(async () => {
        let answer: Feedback;
        try {
          const result = await loadParent(billId, code, key, manual);
          queryClient.setQueryData<BillDetail>(billKeys.detail(billId), (current) =>
            current
              ? { ...current, ...result.bill, parents: [result.parent, ...current.parents.filter((p) => p.qr !== result.parent.qr)] }
              : current,
          );
          answer = loadedFeedback(result);
        } catch (error) {
          answer = refusedFeedback(code, toProblem(error));
        }
        show(answer);
        void refresh();
        return answer;
      });
      chain.current = shown.then(() => undefined);
      return shown;
    },
    [billId, queryClient, show, refresh],
  );
  const onScan = useCallback((code: string) => void load(code, false), [load]);
  const scanner = useScannerInput({ onScan, active: open && !confirmDelete });

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setActionProblem(null);
    try {
      await action();
      await refresh();
    } catch (error) {
      setActionProblem(toProblem(error).message);
    } finally {
      setBusy(false);
      scanner.focus();
    }
  }

  async function remove() {
    setBusy(true);
    setActionProblem(null);
    try {
      await deleteBill(billId);
      navigate('/bills', { replace: true, state: { message: `Bill ${billId} deleted.` } });
      // Not refetched: the bill is gone; the lists are.
      queryClient.removeQueries({ queryKey: billKeys.detail(billId) });
      void queryClient.invalidateQueries({ queryKey: [...billKeys.all, 'list'] });
    } catch (error) {
      setActionProblem(toProblem(error).message);
      setBusy(false);
    }
  }

  const progress = billProgress(bill);
  const actions = billActions(bill);

  return (
    <>
      <h1 id="bill-title" data-testid="bill-id">
        Bill {billId}
      </h1>
      <p className="muted">
        {bill.status}
        {bill.destination ? ` · to ${bill.destination}` : ''}
        {bill.vehicle_number ? ` · vehicle ${bill.vehicle_number}` : ''}
        {bill.description ? ` · ${bill.description}` : ''}
      </p>
      {open && (
        <>
          <ScannerInput binding={scanner} id="bill-scanner" label="Scan a parent onto this bill" />
          <ScanFeedback feedback={feedback.current} idleText="Scan parent bags to load them." />
          <BillManualEntry onEnter={(qr) => load(qr, true)} />
        </>
      )}
      <section className={`parent parent--${bill.status}`} aria-label="Bill progress">
        <p className="parent__count" data-testid="bill-count" aria-label={`${progress.linked} of ${progress.capacity} parents`}>
          {progress.linked}/{progress.capacity}
        </p>
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.capacity} aria-valuenow={progress.linked} aria-label="Parents loaded">
          <div className="progress__bar" style={{ width: `${Math.round(progress.ratio * 100)}%` }} />
        </div>
        <dl className="weights" data-testid="bill-weights">
          {[
            ['Actual', formatKg(bill.actual_weight_kg)],
            ['Expected', formatKg(bill.expected_weight_kg)],
            ['Difference', weightDifferenceText(bill.weight_difference_kg)],
            ['Children', String(bill.child_count)],
          ].map(([label, value]) => (
            <div key={label} className="weights__item">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {actionProblem && (
        <p className="notice notice--error" role="alert">
          {actionProblem}
        </p>
      )}
      <div className="packing-actions">
        {actions.includes('complete') && (
          <button type="button" className="button button--primary button--large" disabled={busy} onClick={() => void act(() => completeBill(billId))}>
            Complete
          </button>
        )}
        {actions.includes('save') && (
          <button type="button" className="button button--large" disabled={busy} onClick={() => void navigate('/bills')}>
            Save and continue later
          </button>
        )}
        {actions.includes('reopen') && (
          <button type="button" className="button button--large" disabled={busy} onClick={() => void act(() => reopenBill(billId))}>
            Reopen
          </button>
        )}
      </div>
      {open && <BillCapacityForm key={bill.capacity} bill={bill} onSaved={() => void refresh().finally(scanner.focus)} />}
      <h2>Parents ({bill.parents.length})</h2>
      {bill.parents.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className="table" data-testid="bill-parents">
          <caption className="visually-hidden">Parents on this bill</caption>
          <thead>
            <tr>
              <th scope="col">Parent</th>
              <th scope="col">Children</th>
              <th scope="col">Type</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {bill.parents.map((parent) => (
              <tr key={parent.qr}>
                <td data-label="Parent">
                  <Link to={`/trace/${encodeURIComponent(parent.qr)}`}>{parent.qr}</Link>
                </td>
                <td data-label="Children">
                  {parent.child_count ?? 0}/{parent.max_children ?? 0}
                </td>
                <td data-label="Type">{parent.parent_type ?? '—'}</td>
                <td>
                  {open && (
                    <button
                      type="button"
                      className="button button--small button--danger"
                      disabled={busy}
                      onClick={() => void act(() => unloadParent(billId, parent.qr))}
                    >
                      Remove<span className="visually-hidden"> {parent.qr}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {user?.role === 'admin' && (
        <div className="panel__danger">
          <button type="button" className="button button--danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
            Delete bill {billId}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete bill ${billId}?`}
        confirmLabel="Delete bill"
        danger
        busy={busy}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          void remove();
        }}
      >
        <p>
          Its {bill.parents.length} parent{bill.parents.length === 1 ? '' : 's'} become free to load onto another bill. The history
          keeps the bill.
        </p>
      </ConfirmDialog>
    </>
  );
}
