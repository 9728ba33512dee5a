// Packing parent → children (SPEC §3, §10), shared by the packing screen and station mode:
// the scanner input (and the camera), the answer to the last scan, the current parent with
// its count, the scans not sent yet, the actions, the children and the last scans.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useParentTypes } from '../../../lib/api/reference-data';
import {
  parentLabelTest, ScanFeedback, ScannerInput, ScanTools, unlockAudio, useScanFeedback, useScannerInput,
} from '../../scanning';
import { usePackingSession } from '../hooks/usePackingSession';
import { progressOf } from '../packing';
import { PackingActions } from './PackingActions';
import { ParentChildren } from './ParentChildren';
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
  const { t } = useTranslation();
  const feedback = useScanFeedback();
  const parentTypes = useParentTypes();
  const isParentLabel = useMemo(() => parentLabelTest(parentTypes.data), [parentTypes.data]);
  const session = usePackingSession({ announce: feedback.announce, area, device_id, owner, isParentLabel });
  const [confirmingFinish, setConfirmingFinish] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const { state, mode, queue, busy, projection } = session;
  const asking = confirmingFinish || removing !== null;

  const { scan } = session;
  const onScan = useCallback(
    (code: string) => {
      unlockAudio();
      scan(code);
    },
    [scan],
  );
  const { announce } = feedback;
  const onBlockedScan = useCallback((code: string) => announce({ kind: 'not_now', code }), [announce]);
  const scanner = useScannerInput({ onScan, active: !asking, onBlockedScan });

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
    if (asking) return undefined;
    const shortcuts = (event: KeyboardEvent) => {
      const action = { F8: undo, F9: askFinish, Escape: changeParent }[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', shortcuts);
    return () => document.removeEventListener('keydown', shortcuts);
  }, [asking, undo, askFinish, changeParent]);

  const packingInto = projection.pending_parent ?? (mode === 'child' ? state.parent?.qr : null);
  const label = packingInto ? t('packing.scanChildrenInto', { parent: packingInto }) : t('packing.scanAParent');
  const afterQuestion = () => setTimeout(scanner.focus, 0);

  return (
    <div className={`workspace workspace--${mode}`} data-mode={mode}>
      <ScannerInput binding={scanner} id="scanner" label={label} />
      <ScanTools scanner={scanner} idPrefix="packing" />
      <ScanFeedback
        feedback={feedback.current}
        idleText={mode === 'parent' ? t('packing.readyParent') : t('packing.readyChildren')}
      />
      <QueueStatus queue={queue} onRetry={session.retryNow} />
      <div className="workspace__body">
        <ParentProgress
          parent={state.parent}
          unsent={projection.unsent}
          pendingParent={projection.pending_parent}
          last={feedback.current}
        />
        <PackingActions
          canUndo={canUndo}
          canFinish={canFinish}
          canChangeParent={canChangeParent}
          onUndo={undo}
          onFinish={askFinish}
          onChangeParent={changeParent}
        />
        {state.parent && (
          <ParentChildren parent={state.parent} children={state.children} disabled={!idle} onRemove={(child_qr) => setRemoving(child_qr)} />
        )}
        <ScanLog entries={state.log} />
      </div>
      <ConfirmDialog
        open={confirmingFinish}
        title={t('packing.closeQuestion', { parent: state.parent?.qr ?? '', progress: `${progress?.count ?? 0}/${progress?.max ?? 0}` })}
        confirmLabel={t('packing.closeParent')}
        cancelLabel={t('packing.keepPacking')}
        busy={busy}
        onCancel={() => {
          setConfirmingFinish(false);
          afterQuestion();
        }}
        onConfirm={() => {
          setConfirmingFinish(false);
          void session.finish().finally(afterQuestion);
        }}
      >
        <p>{t('packing.closeExplain')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={removing !== null}
        title={t('packing.removeQuestion', { child: removing ?? '', parent: state.parent?.qr ?? '' })}
        confirmLabel={t('packing.removeChild')}
        cancelLabel={t('common.keepIt')}
        danger
        busy={busy}
        onCancel={() => {
          setRemoving(null);
          afterQuestion();
        }}
        onConfirm={() => {
          const child = removing;
          setRemoving(null);
          if (child) void session.remove(child).finally(afterQuestion);
        }}
      >
        <p>{t('packing.removeExplain')}</p>
      </ConfirmDialog>
    </div>
  );
}
