// Packing parent → children (SPEC §3, §10), shared by the packing screen and station mode:
// the scanner input, the feedback band, the current parent with its count, the actions and
// the last scans.
import { useCallback, useEffect, useState } from 'react';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ScanFeedback } from '../../scanning/components/ScanFeedback';
import { ScannerInput } from '../../scanning/components/ScannerInput';
import { useScanFeedback } from '../../scanning/hooks/useScanFeedback';
import { useScannerInput } from '../../scanning/hooks/useScannerInput';
import { unlockAudio } from '../../scanning/tones';
import { usePackingSession } from '../hooks/usePackingSession';
import { progressOf } from '../packing';
import { PackingActions } from './PackingActions';
import { ParentProgress } from './ParentProgress';
import { QueueStatus } from './QueueStatus';
import { ScanLog } from './ScanLog';

interface PackingWorkspaceProps {
  /** Area for new parents (admins and billers); null for none or for dispatchers. */
  area: string | null;
  device_id: string | null;
  /** The signed-in user's id, whose unsent scans this workspace keeps and sends. */
  owner: string;
}

export function PackingWorkspace({ area, device_id, owner }: PackingWorkspaceProps) {
  const feedback = useScanFeedback();
  const session = usePackingSession({ announce: feedback.announce, area, device_id, owner });
  const [confirmingFinish, setConfirmingFinish] = useState(false);
  const { state, mode, queue, busy } = session;

  const { scan } = session;
  const onScan = useCallback(
    (code: string) => {
      unlockAudio();
      scan(code);
    },
    [scan],
  );
  const scanner = useScannerInput({ onScan, active: !confirmingFinish });

  const progress = state.parent ? progressOf(state.parent) : null;
  const idle = queue.waiting === 0 && !busy;
  const canUndo = idle && progress !== null && progress.count > 0;
  const canFinish = idle && mode === 'child' && progress !== null && progress.count > 0;
  const canChangeParent = idle && state.parent !== null;

  const undo = useCallback(() => {
    if (!canUndo) return;
    void session.undoLast().finally(scanner.focus);
  }, [canUndo, session, scanner.focus]);

  const askFinish = useCallback(() => {
    if (!canFinish || !progress) return;
    // Closing below the maximum is a decision: ask first.
    if (progress.count < progress.max) setConfirmingFinish(true);
    else void session.finish().finally(scanner.focus);
  }, [canFinish, progress, session, scanner.focus]);

  const changeParent = useCallback(() => {
    if (!canChangeParent) return;
    session.changeParent();
    feedback.clear();
    scanner.focus();
  }, [canChangeParent, session, feedback, scanner.focus]);

  useEffect(() => {
    if (confirmingFinish) return undefined;
    const shortcuts = (event: KeyboardEvent) => {
      const action = { F8: undo, F9: askFinish, Escape: changeParent }[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', shortcuts);
    return () => document.removeEventListener('keydown', shortcuts);
  }, [confirmingFinish, undo, askFinish, changeParent]);

  const label = mode === 'parent' ? 'Scan a parent' : `Scan children into ${state.parent?.qr ?? ''}`;

  return (
    <div className={`workspace workspace--${mode}`} data-mode={mode}>
      <ScannerInput binding={scanner} id="scanner" label={label} placeholder={mode === 'parent' ? 'SB00017' : 'child QR'} />
      <ScanFeedback
        feedback={feedback.current}
        idleText={mode === 'parent' ? 'Ready: scan a parent bag.' : 'Ready: scan its children.'}
      />
      <QueueStatus queue={queue} onRetry={session.retryNow} />
      <div className="workspace__body">
        <ParentProgress parent={state.parent} />
        <PackingActions
          canUndo={canUndo}
          canFinish={canFinish}
          canChangeParent={canChangeParent}
          onUndo={undo}
          onFinish={askFinish}
          onChangeParent={changeParent}
        />
        <ScanLog entries={state.log} />
      </div>
      <ConfirmDialog
        open={confirmingFinish}
        title={`Close ${state.parent?.qr ?? ''} at ${progress?.count ?? 0}/${progress?.max ?? 0}?`}
        confirmLabel="Close parent"
        cancelLabel="Keep packing"
        busy={busy}
        onCancel={() => {
          setConfirmingFinish(false);
          setTimeout(scanner.focus, 0);
        }}
        onConfirm={() => {
          setConfirmingFinish(false);
          void session.finish().finally(() => setTimeout(scanner.focus, 0));
        }}
      >
        <p>It is not full. A closed parent takes no more children until a child is undone.</p>
      </ConfirmDialog>
    </div>
  );
}
