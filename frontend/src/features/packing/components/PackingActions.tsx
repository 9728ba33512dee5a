// Undo last, Finish and Change parent. Buttons may take focus (keyboard users tab to them);
// the scanner takes it back after each action. F8, F9 and Escape do the same from anywhere.
import { SCANNER_ALLOWS_FOCUS } from '../../scanning/hooks/useScannerInput';

interface PackingActionsProps {
  canUndo: boolean;
  canFinish: boolean;
  canChangeParent: boolean;
  onUndo: () => void;
  onFinish: () => void;
  onChangeParent: () => void;
}

export function PackingActions({ canUndo, canFinish, canChangeParent, onUndo, onFinish, onChangeParent }: PackingActionsProps) {
  const allowFocus = { [SCANNER_ALLOWS_FOCUS]: '' };
  return (
    <div className="packing-actions" {...allowFocus}>
      <button type="button" className="button button--large" disabled={!canUndo} onClick={onUndo} aria-keyshortcuts="F8">
        Undo last <kbd>F8</kbd>
      </button>
      <button type="button" className="button button--large button--primary" disabled={!canFinish} onClick={onFinish} aria-keyshortcuts="F9">
        Finish <kbd>F9</kbd>
      </button>
      <button type="button" className="button button--large" disabled={!canChangeParent} onClick={onChangeParent} aria-keyshortcuts="Escape">
        Change parent <kbd>Esc</kbd>
      </button>
    </div>
  );
}
