// "Print": the browser's print dialog for the screen as it is; the print stylesheet
// (styles.css, @media print) leaves out the navigation, the buttons and the scanner.
import { useTranslation } from 'react-i18next';

export function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="button no-print" onClick={() => window.print()}>
      {t('common.print')}
    </button>
  );
}
