// Undo last, Finish and Change parent. Keyboard users may tab to them; the scanner takes
// focus back after each action. F8, F9 and Escape do the same from anywhere on the screen.
import { useTranslation } from 'react-i18next';

interface PackingActionsProps {
  canUndo: boolean;
  canFinish: boolean;
  canChangeParent: boolean;
  onUndo: () => void;
  onFinish: () => void;
  onChangeParent: () => void;
}

export function PackingActions({ canUndo, canFinish, canChangeParent, onUndo, onFinish, onChangeParent }: PackingActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="packing-actions">
      <button type="button" className="button button--large" disabled={!canUndo} onClick={onUndo} aria-keyshortcuts="F8">
        {t('packing.undoLast')} <kbd>F8</kbd>
      </button>
      <button type="button" className="button button--large button--primary" disabled={!canFinish} onClick={onFinish} aria-keyshortcuts="F9">
        {t('packing.finish')} <kbd>F9</kbd>
      </button>
      <button type="button" className="button button--large" disabled={!canChangeParent} onClick={onChangeParent} aria-keyshortcuts="Escape">
        {t('packing.changeParent')} <kbd>Esc</kbd>
      </button>
    </div>
  );
}
