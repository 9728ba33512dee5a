import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';

import { BillScreen } from '../features/bills/components/BillScreen';
import { BillsScreen } from '../features/bills/components/BillsScreen';
import { ReturnScreen } from '../features/returns/components/ReturnScreen';
import { ReturnsScreen } from '../features/returns/components/ReturnsScreen';
import { AdminScreen } from '../features/admin/components/AdminScreen';
import { ParentTypesScreen } from '../features/admin/components/ParentTypesScreen';
import { AccountScreen } from '../features/auth/components/AccountScreen';
import { BagsScreen } from '../features/bags/components/BagsScreen';
import { LoginScreen } from '../features/auth/components/LoginScreen';
import { RequireAuth, RequireSection } from '../features/auth/components/RequireAuth';
import { DashboardScreen } from '../features/dashboard/components/DashboardScreen';
import { PackingScreen } from '../features/packing/components/PackingScreen';
import { StationScreen } from '../features/packing/components/StationScreen';
import { ReportsScreen } from '../features/reports/components/ReportsScreen';
import { HistoryScreen } from '../features/trace/components/HistoryScreen';
import { TraceScreen } from '../features/trace/components/TraceScreen';
import { UsersScreen } from '../features/users/components/UsersScreen';
import type { Section } from '../lib/auth/access';
import { AppShell } from './AppShell';
import { NotFound } from './NotFound';

function guarded(section: Section, screen: ReactNode) {
  return <RequireSection section={section}>{screen}</RequireSection>;
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
            <AppShell />
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
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
