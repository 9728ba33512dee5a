import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';

import { Loading } from '../components/Notices';
import { wordsReady } from '../i18n';
import { LoginScreen } from '../features/auth/components/LoginScreen';
import { RequireAuth, RequireSection } from '../features/auth/components/RequireAuth';
import type { Section } from '../lib/auth/access';

// The sign-in screen comes with the first load; the frame around the other screens and every
// other screen are chunks of their own, fetched when first opened (and kept by the service
// worker for offline use), so a phone on a slow network shows the sign-in form sooner.
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  // A screen shows once every screen's words are there too (they follow the sign-in screen's).
  return lazy(async () => {
    const [module] = await Promise.all([load(), wordsReady()]);
    return { default: module[name] };
  });
}

const AppShell = screen(() => import('./AppShell'), 'AppShell');
const NotFound = screen(() => import('./NotFound'), 'NotFound');
const AccountScreen = screen(() => import('../features/auth/components/AccountScreen'), 'AccountScreen');
const AdminScreen = screen(() => import('../features/admin/components/AdminScreen'), 'AdminScreen');
const BagsScreen = screen(() => import('../features/bags/components/BagsScreen'), 'BagsScreen');
const BillScreen = screen(() => import('../features/bills/components/BillScreen'), 'BillScreen');
const BillsScreen = screen(() => import('../features/bills/components/BillsScreen'), 'BillsScreen');
const DashboardScreen = screen(() => import('../features/dashboard/components/DashboardScreen'), 'DashboardScreen');
const HistoryScreen = screen(() => import('../features/trace/components/HistoryScreen'), 'HistoryScreen');
const PackingScreen = screen(() => import('../features/packing/components/PackingScreen'), 'PackingScreen');
const ParentTypesScreen = screen(() => import('../features/admin/components/ParentTypesScreen'), 'ParentTypesScreen');
const AreasScreen = screen(() => import('../features/admin/components/AreasScreen'), 'AreasScreen');
const ApiKeysScreen = screen(() => import('../features/admin/components/ApiKeysScreen'), 'ApiKeysScreen');
const WebhooksScreen = screen(() => import('../features/admin/components/WebhooksScreen'), 'WebhooksScreen');
const WebhookScreen = screen(() => import('../features/admin/components/WebhookScreen'), 'WebhookScreen');
const ReportsScreen = screen(() => import('../features/reports/components/ReportsScreen'), 'ReportsScreen');
const ReturnScreen = screen(() => import('../features/returns/components/ReturnScreen'), 'ReturnScreen');
const ReturnsScreen = screen(() => import('../features/returns/components/ReturnsScreen'), 'ReturnsScreen');
const StationScreen = screen(() => import('../features/packing/components/StationScreen'), 'StationScreen');
const TraceScreen = screen(() => import('../features/trace/components/TraceScreen'), 'TraceScreen');
const UsersScreen = screen(() => import('../features/users/components/UsersScreen'), 'UsersScreen');

function Opening() {
  const { t } = useTranslation();
  return <Loading label={t('app.opening')} />;
}

function guarded(section: Section, element: ReactNode) {
  return (
    <RequireSection section={section}>
      <Suspense fallback={<Opening />}>{element}</Suspense>
    </RequireSection>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginScreen />} />
      <Route
        path="/station"
        element={<RequireAuth>{guarded('scanning', <StationScreen />)}</RequireAuth>}
      />
      <Route
        element={
          <RequireAuth>
            <Suspense fallback={<Opening />}>
              <AppShell />
            </Suspense>
          </RequireAuth>
        }
      >
        <Route index element={guarded('dashboard', <DashboardScreen />)} />
        <Route path="scan" element={guarded('scanning', <PackingScreen />)} />
        <Route path="bags" element={guarded('bags', <BagsScreen />)} />
        <Route path="bills" element={guarded('bills', <BillsScreen />)} />
        <Route path="bills/:billId" element={guarded('bills', <BillScreen />)} />
        <Route path="returns" element={guarded('returns', <ReturnsScreen />)} />
        <Route path="returns/:code" element={guarded('returns', <ReturnScreen />)} />
        <Route path="trace" element={guarded('trace', <TraceScreen />)} />
        <Route path="trace/:qr" element={guarded('trace', <TraceScreen />)} />
        <Route path="history" element={guarded('history', <HistoryScreen />)} />
        <Route path="reports" element={guarded('reports', <ReportsScreen />)} />
        <Route path="account" element={guarded('account', <AccountScreen />)} />
        <Route path="users" element={guarded('users', <UsersScreen />)} />
        <Route path="admin" element={guarded('admin', <AdminScreen />)} />
        <Route path="admin/parent-types" element={guarded('admin', <ParentTypesScreen />)} />
        <Route path="admin/areas" element={guarded('admin', <AreasScreen />)} />
        <Route path="admin/api-keys" element={guarded('admin', <ApiKeysScreen />)} />
        <Route path="admin/webhooks" element={guarded('admin', <WebhooksScreen />)} />
        <Route path="admin/webhooks/:id" element={guarded('admin', <WebhookScreen />)} />
        <Route
          path="*"
          element={
            <Suspense fallback={<Opening />}>
              <NotFound />
            </Suspense>
          }
        />
      </Route>
    </Routes>
  );
}
