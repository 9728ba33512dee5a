// One return ticket: scan parents in (one at a time, in order), see them with their original
// bill, child count and weight; edit an open ticket's notes; finalise (≥1 bag) or cancel, each
// asked first.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Loading, ProblemNotice } from '../../../components/Notices';
import { formatKg } from '../../../i18n/format';
import { returnStatusLabel } from '../../../i18n/labels';
import { useFormat } from '../../../i18n/useFormat';
import { newIdempotencyKey } from '../../../lib/api/idempotency';
import { toProblem } from '../../../lib/api/problem';
import type { ReturnDetail } from '../../../lib/api/types';
import {
  notNowFeedback, ScanFeedback, ScannerInput, ScanTools, unlockAudio, useScanFeedback, useScannerInput,
} from '../../scanning';
import { cancelReturn, finalizeReturn, returnKeys, scanReturnParent, useReturn } from '../api/returns';
import { isReturnOpen, returnActions, returnedFeedback, returnRefusedFeedback } from '../return-ticket';
import { ReturnNotes } from './ReturnNotes';

export function ReturnScreen() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const ticket = useReturn(code);
  return (
    <section className="page" aria-labelledby="return-title">
      <p>
        <Link to="/returns">← {t('returns.all')}</Link>
      </p>
      {ticket.isPending ? (
        <Loading label={t('returns.loadingOne')} />
      ) : ticket.isError ? (
        <ProblemNotice problem={toProblem(ticket.error)} onRetry={() => void ticket.refetch()} />
      ) : (
        <ReturnWorkspace ticket={ticket.data} />
      )}
    </section>
  );
}

function ReturnWorkspace({ ticket }: { ticket: ReturnDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const feedback = useScanFeedback();
  const [confirming, setConfirming] = useState<'finalize' | 'cancel' | null>(null);
  const [busy, setBusy] = useState(false);
  const [editingNotes, setEditingNotes] = useState(false);
  const [actionProblem, setActionProblem] = useState<string | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const code = ticket.code;
  const open = isReturnOpen(ticket);
  const { show } = feedback;

  const onScan = useCallback(
    (qr: string) => {
      unlockAudio();
      const key = newIdempotencyKey();
      chain.current = chain.current.then(async () => {
        try {
          const updated = await scanReturnParent(code, qr, key);
          show(returnedFeedback(qr, updated));
        } catch (error) {
          show(returnRefusedFeedback(qr, toProblem(error)));
        }
        await queryClient.invalidateQueries({ queryKey: returnKeys.all });
      });
    },
    [code, queryClient, show],
  );
  const onBlockedScan = useCallback((qr: string) => show(notNowFeedback(qr)), [show]);
  // A closed ticket keeps its scanner: every scan gets an answer ("TICKET CLOSED").
  // The scanner steps aside while the notes are edited, so typing goes into the notes.
  const scanner = useScannerInput({ onScan, active: confirming === null && !editingNotes, onBlockedScan });

  async function confirm() {
    const action = confirming === 'finalize' ? finalizeReturn : cancelReturn;
    setBusy(true);
    setActionProblem(null);
    try {
      await action(code);
      await queryClient.invalidateQueries({ queryKey: returnKeys.all });
    } catch (error) {
      setActionProblem(toProblem(error).message);
    } finally {
      setBusy(false);
      setConfirming(null);
      setTimeout(scanner.focus, 0);
    }
  }

  const actions = returnActions(ticket);

  return (
    <>
      <h1 id="return-title">{t('returns.titleFor', { code })}</h1>
      <p className="muted" data-testid="return-status">
        {returnStatusLabel(ticket.status)}
        {ticket.area ? ` · ${ticket.area}` : ''}
        {ticket.notes ? ` · ${ticket.notes}` : ''}
      </p>
      {open && (
        <ReturnNotes ticket={ticket} editing={editingNotes}
          onEditing={(editing) => { setEditingNotes(editing); if (!editing) setTimeout(scanner.focus, 0); }} />
      )}
      <ScannerInput binding={scanner} id="return-scanner" label={open ? t('returns.scanLabel') : t('returns.scanLabelClosed')} />
      <ScanTools scanner={scanner} idPrefix="return" />
      <ScanFeedback feedback={feedback.current} idleText={open ? t('returns.idle') : t('returns.idleClosed')} />
      <p className="parent__count" data-testid="return-count" aria-label={t('returns.bags', { count: ticket.bag_count })}>
        {ticket.bag_count} <span className="parent__meta">{t('returns.bagWord', { count: ticket.bag_count })}</span>
      </p>
      {actionProblem && (
        <p className="notice notice--error" role="alert">
          {actionProblem}
        </p>
      )}
      {open && (
        <div className="packing-actions">
          <button type="button" className="button button--primary button--large" disabled={!actions.finalize || busy} onClick={() => setConfirming('finalize')}>
            {t('returns.finalise')}
          </button>
          <button type="button" className="button button--large" disabled={!actions.cancel || busy} onClick={() => setConfirming('cancel')}>
            {t('returns.cancelTicket')}
          </button>
        </div>
      )}
      <h2>{t('bills.parentsCount', { count: ticket.parents.length })}</h2>
      {ticket.parents.length === 0 ? (
        <p className="muted">{t('common.noneYet')}</p>
      ) : (
        <table className="table" data-testid="return-parents">
          <caption className="visually-hidden">{t('returns.parentsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bills.parent')}</th>
              <th scope="col">{t('bills.children')}</th>
              <th scope="col">{t('returns.weight')}</th>
              <th scope="col">{t('returns.originalBill')}</th>
              <th scope="col">{t('returns.scanned')}</th>
            </tr>
          </thead>
          <tbody>
            {ticket.parents.map((bag) => (
              <tr key={bag.parent_qr}>
                <td data-label={t('bills.parent')}>
                  <Link to={`/trace/${encodeURIComponent(bag.parent_qr)}`}>{bag.parent_qr}</Link>
                </td>
                <td data-label={t('bills.children')}>{format.number(bag.child_count)}</td>
                <td data-label={t('returns.weight')}>{formatKg(bag.weight_kg)}</td>
                <td data-label={t('returns.originalBill')}>{bag.original_bill_id ?? '—'}</td>
                <td data-label={t('returns.scanned')}>
                  {format.instant(bag.scanned_at)}
                  {bag.scanned_by ? ` · ${bag.scanned_by}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'finalize' ? t('returns.finaliseQuestion', { code }) : t('returns.cancelQuestion', { code })}
        confirmLabel={confirming === 'finalize' ? t('returns.finalise') : t('returns.cancelTicket')}
        cancelLabel={t('common.back')}
        danger={confirming === 'cancel'}
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setConfirming(null);
          setTimeout(scanner.focus, 0);
        }}
      >
        <p>{confirming === 'finalize' ? t('returns.finaliseExplain', { count: ticket.bag_count }) : t('returns.cancelExplain')}</p>
      </ConfirmDialog>
    </>
  );
}
