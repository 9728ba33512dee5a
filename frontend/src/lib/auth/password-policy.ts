// The password policy the API states (SPEC §7, `CreateUser`, `ChangePassword`): 8–128
// characters with upper case, lower case, a digit and a symbol. Checked before sending so a
// person sees the problem on the field at once; the server checks again.

/** A message in the server's words ("must contain a digit"), or undefined when it passes. */
export function passwordError(password: string): string | undefined {
  const length = [...password].length;
  if (length < 8) return 'must be at least 8 characters';
  if (length > 128) return 'must be at most 128 characters';
  const missing = [
    [/\p{Lu}/u.test(password), 'an upper-case letter'],
    [/\p{Ll}/u.test(password), 'a lower-case letter'],
    [/[0-9]/.test(password), 'a digit'],
    [/[^\p{L}\p{N}\s]/u.test(password), 'a symbol'],
  ]
    .filter(([present]) => !present)
    .map(([, what]) => what);
  return missing.length > 0 ? `must contain ${missing.join(', ')}` : undefined;
}
