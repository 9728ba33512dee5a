// Changes made from the trace screen: take one child out of its parent, delete a bag.
import { api, unwrap } from '../../../lib/api/client';
import type { UnlinkResult } from '../../../lib/api/types';

export function removeChildFromParent(parent_qr: string, child_qr: string): Promise<UnlinkResult> {
  return unwrap(api.DELETE('/api/v1/parents/{qr}/children/{child_qr}', { params: { path: { qr: parent_qr, child_qr } } }));
}

/** Admins and billers; refused while the bag is in a parent, holds children or is on a bill. */
export async function deleteBag(qr: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/bags/{qr}', { params: { path: { qr } } }));
}
