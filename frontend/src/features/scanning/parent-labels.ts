// Whether a scanned code is a parent's label, by the parent types' QR patterns (the server's
// rule, SPEC §1). Shared by the packing screen (a parent label opens that parent) and the
// bill screen (a code typed by hand that is no parent's label is not sent).
import type { ParentType } from '../../lib/api/types';

/**
 * Whether a code is a parent's label, by the parent types' patterns (the server's rule, SPEC
 * §1): true or false, or null while the types are not known (not loaded yet, or a pattern
 * this browser cannot read), when the screen falls back to "parent first, then children".
 */
export type ParentLabelTest = (code: string) => boolean | null;

export function parentLabelTest(types: readonly Pick<ParentType, 'qr_pattern'>[] | undefined): ParentLabelTest {
  if (!types || types.length === 0) return () => null;
  const patterns: RegExp[] = [];
  for (const type of types) {
    try {
      patterns.push(new RegExp(`^(?:${type.qr_pattern})$`, 'u'));
    } catch {
      return () => null;
    }
  }
  return (code) => patterns.some((pattern) => pattern.test(code));
}

