// Trace a QR (SPEC §8): scan or type it; the answer stays at /trace/<qr> to share or reload.
// From here one child can be taken out of its parent, and admins and billers can delete a
// bag; both are asked first.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Loading, ProblemNotice } from '../../../components/Notices';
import { PrintButton } from '../../../components/PrintButton';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { ScannerInput, useScannerInput } from '../../scanning';
import { deleteBag, removeChildFromParent } from '../api/bag-actions';
import { useTrace } from '../api/trace';
import { asOfFrom, withAsOf } from '../contents-at';
import { TraceResult, type TraceChange } from './TraceResult';

/** A message the screen left for itself (a bag deleted). */
function messageFrom(state: unknown): string | null {
  return typeof state === 'object' && state !== null && 'message' in state && typeof state.message === 'string' ? state.message : null;
}

export function TraceScreen() {
  const { t } = useTranslation();
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
  const [params, setParams] = useSearchParams();
  const asOf = asOfFrom(params);
  const trace = useTrace(qr ?? null, asOf);
  const problem = trace.isError ? toProblem(trace.error) : null;
  const message = done ?? messageFrom(location.state);

  async function apply(next: TraceChange) {
    setBusy(true);
    setChangeProblem(null);
    try {
      if (next.kind === 'remove_child') {
        await removeChildFromParent(next.parent_qr, next.child_qr);
        setDone(t('trace.takenOut', { child: next.child_qr, parent: next.parent_qr }));
        await queryClient.invalidateQueries({ queryKey: ['trace'] });
      } else {
        await deleteBag(next.qr);
        queryClient.removeQueries({ queryKey: ['trace', next.qr] });
        void queryClient.invalidateQueries({ queryKey: ['bags'] });
        navigate('/trace', { replace: true, state: { message: t('trace.bagDeleted', { qr: next.qr }) } });
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
      <div className="page__header">
        <h1 id="trace-title">{qr ? t('trace.titleFor', { qr }) : t('trace.title')}</h1>
        {trace.data && <PrintButton />}
      </div>
      <div className="no-print">
        <ScannerInput binding={scanner} id="trace-qr" label={t('trace.scanLabel')} />
      </div>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {changeProblem && <ProblemNotice problem={changeProblem} />}
      {!qr ? (
        <p className="muted">{t('trace.explain')}</p>
      ) : trace.isPending ? (
        <Loading label={t('trace.tracing', { qr })} />
      ) : problem?.code === 'other_area' ? (
        <div className="notice notice--error" role="alert" data-testid="other-area">
          <p className="notice__headline">{t('scan.refused.other_area')}</p>
          <p>{t('trace.notYourArea', { qr })}</p>
        </div>
      ) : problem ? (
        <ProblemNotice problem={problem.code === 'not_found' ? { ...problem, message: t('trace.noBag', { qr }) } : problem} />
      ) : trace.data ? (
        <TraceResult
          trace={trace.data}
          canDelete={user?.role === 'admin' || user?.role === 'biller'}
          busy={busy}
          onChange={(next) => setChange(next)}
          asOf={asOf}
          onAsOf={(at) => setParams(withAsOf(params, at))}
        />
      ) : null}
      <ConfirmDialog
        open={change !== null}
        title={change?.kind === 'remove_child' ? t('packing.removeQuestion', { child: change.child_qr, parent: change.parent_qr }) : t('trace.deleteQuestion', { qr: change?.kind === 'delete_bag' ? change.qr : '' })}
        confirmLabel={change?.kind === 'remove_child' ? t('packing.removeChild') : t('trace.deleteBagButton')}
        cancelLabel={t('common.keepIt')}
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
          {change?.kind === 'remove_child' ? t('packing.removeExplain') : t('trace.deleteExplain')}
        </p>
      </ConfirmDialog>
    </section>
  );
}
