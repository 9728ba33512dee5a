// Admin extras: exports, imports with their rejected-row report, the audit trail.
import { useTranslation } from 'react-i18next';

import { AdminTabs } from './AdminTabs';
import { AuditList } from './AuditList';
import { ExportsPanel } from './ExportsPanel';
import { ImportPanel } from './ImportPanel';

export function AdminScreen() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('nav.admin')}</h1>
      <AdminTabs />
      <ExportsPanel />
      <ImportPanel />
      <AuditList />
    </section>
  );
}
