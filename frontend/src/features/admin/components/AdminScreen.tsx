// Admin extras: exports, imports with their rejected-row report, the audit trail.
import { AdminTabs } from './AdminTabs';
import { AuditList } from './AuditList';
import { ExportsPanel } from './ExportsPanel';
import { ImportPanel } from './ImportPanel';

export function AdminScreen() {
  return (
    <section className="page" aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      <AdminTabs />
      <ExportsPanel />
      <ImportPanel />
      <AuditList />
    </section>
  );
}
