// One bill (SPEC §4, §10): its id, `linked / capacity` big with a progress bar, the weights,
// the parents with child counts and a remove button each, the scanner that loads parents in
// (and answers every scan, on a completed bill too) and a field to type one by hand. Scans are
// sent one at a time, in order. Everything that cannot be undone with a scan is asked first:
// creating a parent typed by hand, completing with parents not full or weight under, removing
// a parent, deleting the bill (admins).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DownloadButton } from '../../../components/DownloadButton';
import { Loading, ProblemNotice } from '../../../components/Notices';
import { PrintButton } from '../../../components/PrintButton';
import { billStatusLabel } from '../../../i18n/labels';
import { newIdempotencyKey } from '../../../lib/api/idempotency';
import { useParentTypes } from '../../../lib/api/reference-data';
import { toProblem } from '../../../lib/api/problem';
import type { BillDetail } from '../../../lib/api/types';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import {
  notNowFeedback, parentLabelTest, ScanFeedback, ScannerInput, ScanTools, unlockAudio, useScanFeedback, useScannerInput, type Feedback,
} from '../../scanning';
import { billKeys, completeBill, deleteBill, downloadBillLabels, downloadBillOfDispatch, findBag, loadParent, reopenBill, unloadParent, useBill, type LoadEntry } from '../api/bills';
import {
  billActions, billProgress, completionWarnings, isBillOpen, loadedFeedback, manualEntryError, needsCompletionQuestion, refusedFeedback,
} from '../bill';
import { BillCompletionDialog } from './BillCompletionDialog';
import { BillCapacityForm } from './BillCapacityForm';
import { BillManualEntry } from './BillManualEntry';
import { BillParents } from './BillParents';
import { BillTextsEditor } from './BillTextsEditor';
import { BillWeights } from './BillWeights';
import { NewParentDialog } from './NewParentDialog';

export function BillScreen() {
  const { t } = useTranslation();
  const { billId = '' } = useParams();
  const bill = useBill(billId);
  return (
    <section className="page" aria-labelledby="bill-title">
      <p className="no-print">
        <Link to="/bills">← {t('bills.all')}</Link>
      </p>
      {bill.isPending ? (
        <Loading label={t('bills.loadingOne')} />
      ) : bill.isError ? (
        <ProblemNotice problem={toProblem(bill.error)} onRetry={() => void bill.refetch()} />
      ) : (
        <BillWorkspace bill={bill.data} />
      )}
    </section>
  );
}

type Question =
  | { kind: 'complete' }
  | { kind: 'remove'; qr: string }
  | { kind: 'delete' }
  | { kind: 'new_parent'; qr: string; answer: (area: string | null) => void };

function BillWorkspace({ bill }: { bill: BillDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const feedback = useScanFeedback();
  const [busy, setBusy] = useState(false);
  const [actionProblem, setActionProblem] = useState<string | null>(null);
  const [question, setQuestion] = useState<Question | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const parentTypes = useParentTypes();
  const isParentLabel = useMemo(() => parentLabelTest(parentTypes.data), [parentTypes.data]);
  const billId = bill.bill_id;
  const open = isBillOpen(bill);

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: billKeys.all }), [queryClient]);
  const { show } = feedback;

  /** Loads a scanned (or typed) parent after those before it; resolves to what was shown. */
  const load = useCallback(
    (code: string, entry: LoadEntry): Promise<Feedback> => {
      unlockAudio();
      const key = newIdempotencyKey();
      const shown = chain.current.then(async () => {
        let answer: Feedback;
        try {
          const result = await loadParent(billId, code, key, entry);
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
  // A completed bill keeps its scanner: every scan gets an answer ("BILL COMPLETED").
  const onScan = useCallback((code: string) => void load(code, { manual: false }), [load]);
  const onBlockedScan = useCallback((code: string) => show(notNowFeedback(code)), [show]);
  const scanner = useScannerInput({ onScan, active: question === null, onBlockedScan });
  const backToScanner = () => setTimeout(scanner.focus, 0);

  /** A QR typed by hand: loaded when known; created (in the area chosen) only after asking. */
  async function manualEntry(qr: string): Promise<string | undefined> {
    if (isParentLabel(qr) === false) {
      const answer: Feedback = { tone: 'invalid', colour: 'refusal', headline: t('bills.feedback.notAParentQr'), reason: t('bills.feedback.noParentType', { qr }) };
      show(answer);
      return answer.reason;
    }
    let known: boolean;
    try {
      known = (await findBag(qr)) !== null;
    } catch (error) {
      const answer = refusedFeedback(qr, toProblem(error));
      show(answer);
      return answer.reason;
    }
    let area: string | null = null;
    if (!known) {
      area = await new Promise<string | null>((answer) => setQuestion({ kind: 'new_parent', qr, answer }));
      setQuestion(null);
      if (area === null) {
        const answer: Feedback = { tone: 'notice', colour: 'notice', headline: t('bills.feedback.notAdded'), reason: t('bills.feedback.notCreated', { qr }) };
        show(answer);
        return answer.reason;
      }
    }
    return manualEntryError(await load(qr, { manual: true, area }));
  }

  /** A button's action; its result replaces the last scan's answer, so no stale banner stays. */
  async function act(action: () => Promise<unknown>, done: Feedback) {
    setBusy(true);
    setActionProblem(null);
    try {
      await action();
      await refresh();
      show(done);
    } catch (error) {
      setActionProblem(toProblem(error).message);
    } finally {
      setBusy(false);
      backToScanner();
    }
  }

  async function remove() {
    setBusy(true);
    setActionProblem(null);
    try {
      await deleteBill(billId);
      navigate('/bills', { replace: true, state: { message: t('bills.deleted', { bill: billId }) } });
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
  const warnings = completionWarnings(bill);
  const complete = () =>
    act(() => completeBill(billId), {
      tone: 'success', colour: 'success', headline: t('bills.feedback.billCompleted'), reason: t('bills.feedback.completedReason', { progress: `${progress.linked}/${progress.capacity}` }),
    });

  return (
    <>
      <div className="page__header">
        <h1 id="bill-title" data-testid="bill-id">
          {t('bills.titleFor', { bill: billId })}
        </h1>
        <div className="toolbar no-print">
          <PrintButton />
          <DownloadButton label={t('bills.dispatchPdf')} fallbackName={`bill-${billId}-dispatch.pdf`} fetch={() => downloadBillOfDispatch(billId)} />
          <DownloadButton label={t('bills.labelsPdf')} fallbackName={`bill-${billId}-labels.pdf`} fetch={() => downloadBillLabels(billId)} />
        </div>
      </div>
      <p className="muted" data-testid="bill-status">
        {billStatusLabel(bill.status)}
        {bill.destination ? ` · ${t('bills.to', { destination: bill.destination })}` : ''}
        {bill.vehicle_number ? ` · ${t('bills.vehicle', { vehicle: bill.vehicle_number })}` : ''}
        {bill.description ? ` · ${bill.description}` : ''}
      </p>
      {(user?.role === 'admin' || user?.role === 'biller') && <BillTextsEditor bill={bill} onSaved={refresh} onClosed={backToScanner} />}
      <div className="no-print">
        <ScannerInput binding={scanner} id="bill-scanner" label={open ? t('bills.scanLabel') : t('bills.scanLabelCompleted')} />
        <ScanTools scanner={scanner} idPrefix="bill" />
        <ScanFeedback feedback={feedback.current} idleText={open ? t('bills.idle') : t('bills.idleCompleted')} />
        {open && <BillManualEntry onEnter={manualEntry} onDone={backToScanner} />}
      </div>
      <BillWeights bill={bill} editable={open} onSaved={() => void refresh().finally(backToScanner)} />
      {actionProblem && (
        <p className="notice notice--error" role="alert">
          {actionProblem}
        </p>
      )}
      <div className="packing-actions no-print">
        {actions.includes('complete') && (
          <button
            type="button"
            className="button button--primary button--large"
            disabled={busy}
            onClick={() => (needsCompletionQuestion(warnings) ? setQuestion({ kind: 'complete' }) : void complete())}
          >
            {t('bills.complete')}
          </button>
        )}
        {actions.includes('save') && (
          <button type="button" className="button button--large" disabled={busy} onClick={() => void navigate('/bills')}>
            {t('bills.saveForLater')}
          </button>
        )}
        {actions.includes('reopen') && (
          <button
            type="button"
            className="button button--large"
            disabled={busy}
            onClick={() => void act(() => reopenBill(billId), { tone: 'notice', colour: 'notice', headline: t('bills.feedback.reopened'), reason: t('bills.feedback.scanToLoad') })}
          >
            {t('bills.reopen')}
          </button>
        )}
      </div>
      {open && <BillCapacityForm key={bill.capacity} bill={bill} onSaved={() => void refresh().finally(backToScanner)} />}
      <h2>{t('bills.parentsCount', { count: bill.parents.length })}</h2>
      <BillParents parents={bill.parents} open={open} busy={busy} onRemove={(qr) => setQuestion({ kind: 'remove', qr })} />
      {user?.role === 'admin' && (
        <div className="panel__danger no-print">
          <button type="button" className="button button--danger" disabled={busy} onClick={() => setQuestion({ kind: 'delete' })}>
            {t('bills.deleteBill', { bill: billId })}
          </button>
        </div>
      )}
      <BillCompletionDialog
        open={question?.kind === 'complete'}
        billId={billId}
        warnings={warnings}
        busy={busy}
        onCancel={() => {
          setQuestion(null);
          backToScanner();
        }}
        onConfirm={() => {
          setQuestion(null);
          void complete();
        }}
      />
      <ConfirmDialog
        open={question?.kind === 'remove'}
        title={t('bills.removeQuestion', { parent: question?.kind === 'remove' ? question.qr : '', bill: billId })}
        confirmLabel={t('bills.removeParent')}
        cancelLabel={t('common.keepIt')}
        danger
        busy={busy}
        onCancel={() => {
          setQuestion(null);
          backToScanner();
        }}
        onConfirm={() => {
          if (question?.kind !== 'remove') return;
          const { qr } = question;
          setQuestion(null);
          void act(() => unloadParent(billId, qr), {
            tone: 'notice', colour: 'notice', headline: t('bills.feedback.removed', { parent: qr }),
            reason: t('bills.feedback.loadedCount', { progress: `${Math.max(0, progress.linked - 1)}/${progress.capacity}` }),
          });
        }}
      >
        <p>{t('bills.removeExplain')}</p>
      </ConfirmDialog>
      <NewParentDialog
        qr={question?.kind === 'new_parent' ? question.qr : null}
        onConfirm={(area) => question?.kind === 'new_parent' && question.answer(area)}
        onCancel={() => question?.kind === 'new_parent' && question.answer(null)}
      />
      <ConfirmDialog
        open={question?.kind === 'delete'}
        title={t('bills.deleteQuestion', { bill: billId })}
        confirmLabel={t('bills.deleteButton')}
        danger
        busy={busy}
        onCancel={() => {
          setQuestion(null);
          backToScanner();
        }}
        onConfirm={() => {
          setQuestion(null);
          void remove();
        }}
      >
        <p>{t('bills.deleteExplain', { count: bill.parents.length })}</p>
      </ConfirmDialog>
    </>
  );
}
