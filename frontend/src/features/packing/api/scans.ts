// The packing endpoints. Scans carry an Idempotency-Key (the same on every retry of one
// scan) and the station's device id, which the server keeps in the scan history.
import { api, unwrap } from '../../../lib/api/client';
import type { Bag, ChildScanResult, ParentScanResult, UnlinkResult } from '../../../lib/api/types';

export interface ScanContext {
  idempotency_key: string;
  device_id: string | null;
}

function scanHeaders({ idempotency_key, device_id }: ScanContext) {
  return device_id === null ? { 'Idempotency-Key': idempotency_key } : { 'Idempotency-Key': idempotency_key, 'X-Device-Id': device_id };
}

/** Opens a parent: created when new (with `area` for admins and billers), else returned with its children. */
export function scanParent(qr: string, area: string | null, context: ScanContext): Promise<ParentScanResult> {
  return unwrap(
    api.POST('/api/v1/scans/parent', { body: area ? { qr, area } : { qr }, params: { header: scanHeaders(context) } }),
  );
}

export function scanChild(parent_qr: string, child_qr: string, context: ScanContext): Promise<ChildScanResult> {
  return unwrap(api.POST('/api/v1/scans/child', { body: { parent_qr, child_qr }, params: { header: scanHeaders(context) } }));
}

/** Closes a parent below its maximum (asked for explicitly). */
export function completeParent(qr: string): Promise<Bag> {
  return unwrap(api.POST('/api/v1/parents/{qr}/complete', { params: { path: { qr } } }));
}

/** Takes the most recently linked child out of the parent. */
export function undoLastChild(qr: string): Promise<UnlinkResult> {
  return unwrap(api.POST('/api/v1/parents/{qr}/undo', { params: { path: { qr } } }));
}

/** Takes one particular child out of the parent (the child stays, unlinked). */
export function removeChild(qr: string, child_qr: string): Promise<UnlinkResult> {
  return unwrap(api.DELETE('/api/v1/parents/{qr}/children/{child_qr}', { params: { path: { qr, child_qr } } }));
}
