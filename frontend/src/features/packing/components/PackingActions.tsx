// Undo last, Finish and Change parent. Keyboard users may tab to them; the scanner takes
// focus back after each action. F8, F9 and Escape do the same from anywhere on the screen.
interface PackingActionsProps {
  canUndo: boolean;
  canFinish: boolean;
  canChangeParent: boolean;
  onUndo: () => void;
  onFinish: () => void;
  onChangeParent: () => void;
}

export function PackingActions({ canUndo, canFinish, canChangeParent, onUndo, onFinish, onChangeParent }: PackingActionsProps) {
  return (
    <div className="packing-actions">
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
