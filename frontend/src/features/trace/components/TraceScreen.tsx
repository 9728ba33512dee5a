// Trace a QR (SPEC §8): scan or type it; the answer stays at /trace/<qr> to share or reload.
// From here one child can be taken out of its parent, and admins and billers can delete a
// bag; both are asked first.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { ScannerInput } from '../../scanning/components/ScannerInput';
import { useScannerInput } from '../../scanning/hooks/useScannerInput';
import { deleteBag, removeChildFromParent } from '../api/bag-actions';
import { useTrace } from '../api/trace';
import { TraceResult, type TraceChange } from './TraceResult';

/** A message the screen left for itself (a bag deleted). */
function messageFrom(state: unknown): string | null {
  return typeof state === 'object' && state !== null && 'message' in state && typeof state.message === 'string' ? state.message : null;
}

export function TraceScreen() {
  const { qr } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [change, setChange] = useState<TraceChange | null>(null);
  const [busy, setBusy] = useState(false);
  const [changeProblem, setChangeProblem] = useState<ProblemSummary | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const onScan = useCallback(
    (code: string) => {
      setDone(null);
      setChangeProblem(null);
      navigate(`/trace/${encodeURIComponent(code)}`);
    },
    [navigate],
  );
  const scanner = useScannerInput({ onScan, active: change === null });
  const trace = useTrace(qr ?? null);
  const problem = trace.isError ? toProblem(trace.error) : null;
  const message = done ?? messageFrom(location.state);

  async function apply(next: TraceChange) {
    setBusy(true);
    setChangeProblem(null);
    try {
      if (next.kind === 'remove_child') {
        await removeChildFromParent(next.parent_qr, next.child_qr);
        setDone(`${next.child_qr} taken out of ${next.parent_qr}.`);
        await queryClient.invalidateQueries({ queryKey: ['trace'] });
      } else {
        await deleteBag(next.qr);
        queryClient.removeQueries({ queryKey: ['trace', next.qr] });
        void queryClient.invalidateQueries({ queryKey: ['bags'] });
        navigate('/trace', { replace: true, state: { message: `Bag ${next.qr} deleted.` } });
      }
    } catch (error) {
      setChangeProblem(toProblem(error));
    } finally {
      setBusy(false);
      setTimeout(scanner.focus, 0);
    }
  }

  return (
    <section className="page" aria-labelledby="trace-title">
      <h1 id="trace-title">Trace</h1>
      <ScannerInput binding={scanner} id="trace-qr" label="Scan or type a bag QR" />
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {changeProblem && <ProblemNotice problem={changeProblem} />}
      {!qr ? (
        <p className="muted">A child shows its parent and bill; a parent shows its children and bill; both with who and when.</p>
      ) : trace.isPending ? (
        <Loading label={`Tracing ${qr}…`} />
      ) : problem?.code === 'other_area' ? (
        <div className="notice notice--error" role="alert" data-testid="other-area">
          <p className="notice__headline">BELONGS TO ANOTHER AREA</p>
          <p>{qr} is not a bag of your area.</p>
        </div>
      ) : problem ? (
        <ProblemNotice problem={problem.code === 'not_found' ? { ...problem, message: `No bag ${qr} here.` } : problem} />
      ) : trace.data ? (
        <TraceResult
          trace={trace.data}
          canDelete={user?.role === 'admin' || user?.role === 'biller'}
          busy={busy}
          onChange={(next) => setChange(next)}
        />
      ) : null}
      <ConfirmDialog
        open={change !== null}
        title={change?.kind === 'remove_child' ? `Take ${change.child_qr} out of ${change.parent_qr}?` : `Delete bag ${change?.kind === 'delete_bag' ? change.qr : ''}?`}
        confirmLabel={change?.kind === 'remove_child' ? 'Remove child' : 'Delete bag'}
        cancelLabel="Keep it"
        danger
        busy={busy}
        onCancel={() => {
          setChange(null);
          setTimeout(scanner.focus, 0);
        }}
        onConfirm={() => {
          const next = change;
          setChange(null);
          if (next) void apply(next);
        }}
      >
        <p>
          {change?.kind === 'remove_child'
            ? 'The child bag stays known and can be packed again; the history keeps both the packing and the removal.'
            : 'The bag is no longer known; its history stays. A bag in a parent, holding children or on a bill cannot be deleted.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
