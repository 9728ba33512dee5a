// One return ticket: scan parents in (one at a time, in order), see them with their original
// bill, child count and weight; finalise (≥1 bag) or cancel, each asked first.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Loading, ProblemNotice } from '../../../components/Notices';
import { newIdempotencyKey } from '../../../lib/api/idempotency';
import { toProblem } from '../../../lib/api/problem';
import type { ReturnDetail } from '../../../lib/api/types';
import { ScanFeedback } from '../../scanning/components/ScanFeedback';
import { ScannerInput } from '../../scanning/components/ScannerInput';
import { ScanTools } from '../../scanning/components/ScanTools';
import { notNowFeedback } from '../../scanning/feedback';
import { useScanFeedback } from '../../scanning/hooks/useScanFeedback';
import { useScannerInput } from '../../scanning/hooks/useScannerInput';
import { unlockAudio } from '../../scanning/tones';
import { cancelReturn, finalizeReturn, returnKeys, scanReturnParent, useReturn } from '../api/returns';
import { isReturnOpen, returnActions, RETURN_STATUS_LABELS, returnedFeedback, returnRefusedFeedback } from '../return-ticket';

export function ReturnScreen() {
  const { code = '' } = useParams();
  const ticket = useReturn(code);
  return (
    <section className="page" aria-labelledby="return-title">
      <p>
        <Link to="/returns">← All returns</Link>
      </p>
      {ticket.isPending ? (
        <Loading label="Loading the ticket…" />
      ) : ticket.isError ? (
        <ProblemNotice problem={toProblem(ticket.error)} onRetry={() => void ticket.refetch()} />
      ) : (
        <ReturnWorkspace ticket={ticket.data} />
      )}
    </section>
  );
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

function ReturnWorkspace({ ticket }: { ticket: ReturnDetail }) {
  const queryClient = useQueryClient();
  const feedback = useScanFeedback();
  const [confirming, setConfirming] = useState<'finalize' | 'cancel' | null>(null);
  const [busy, setBusy] = useState(false);
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
  const scanner = useScannerInput({ onScan, active: confirming === null, onBlockedScan });

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
      <h1 id="return-title">Return {code}</h1>
      <p className="muted" data-testid="return-status">
        {RETURN_STATUS_LABELS[ticket.status] ?? ticket.status}
        {ticket.area ? ` · ${ticket.area}` : ''}
        {ticket.notes ? ` · ${ticket.notes}` : ''}
      </p>
      <ScannerInput binding={scanner} id="return-scanner" label={open ? 'Scan a returned parent' : 'Ticket closed — scans are not taken'} />
      <ScanTools scanner={scanner} idPrefix="return" />
      <ScanFeedback feedback={feedback.current} idleText={open ? 'Scan the parent bags handed back.' : 'This ticket is closed.'} />
      <p className="parent__count" data-testid="return-count" aria-label={`${ticket.bag_count} bags`}>
        {ticket.bag_count} <span className="parent__meta">{ticket.bag_count === 1 ? 'bag' : 'bags'}</span>
      </p>
      {actionProblem && (
        <p className="notice notice--error" role="alert">
          {actionProblem}
        </p>
      )}
      {open && (
        <div className="packing-actions">
          <button type="button" className="button button--primary button--large" disabled={!actions.finalize || busy} onClick={() => setConfirming('finalize')}>
            Finalise
          </button>
          <button type="button" className="button button--large" disabled={!actions.cancel || busy} onClick={() => setConfirming('cancel')}>
            Cancel ticket
          </button>
        </div>
      )}
      <h2>Parents ({ticket.parents.length})</h2>
      {ticket.parents.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className="table" data-testid="return-parents">
          <caption className="visually-hidden">Returned parents</caption>
          <thead>
            <tr>
              <th scope="col">Parent</th>
              <th scope="col">Children</th>
              <th scope="col">Weight</th>
              <th scope="col">Original bill</th>
              <th scope="col">Scanned</th>
            </tr>
          </thead>
          <tbody>
            {ticket.parents.map((bag) => (
              <tr key={bag.parent_qr}>
                <td data-label="Parent">
                  <Link to={`/trace/${encodeURIComponent(bag.parent_qr)}`}>{bag.parent_qr}</Link>
                </td>
                <td data-label="Children">{bag.child_count}</td>
                <td data-label="Weight">{bag.weight_kg} kg</td>
                <td data-label="Original bill">{bag.original_bill_id ?? '—'}</td>
                <td data-label="Scanned">
                  {WHEN.format(new Date(bag.scanned_at))}
                  {bag.scanned_by ? ` · ${bag.scanned_by}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'finalize' ? `Finalise ${code}?` : `Cancel ${code}?`}
        confirmLabel={confirming === 'finalize' ? 'Finalise' : 'Cancel ticket'}
        cancelLabel="Back"
        danger={confirming === 'cancel'}
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setConfirming(null);
          setTimeout(scanner.focus, 0);
        }}
      >
        <p>{confirming === 'finalize' ? `${ticket.bag_count} bags will be recorded as returned.` : 'The ticket will be closed without finalising.'}</p>
      </ConfirmDialog>
    </>
  );
}
