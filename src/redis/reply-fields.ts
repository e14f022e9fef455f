// Replies of XINFO (GROUPS, CONSUMERS, STREAM) come as flat [name, value, name, value, …] lists.

/** A flat XINFO reply row as a map from field name to value. */
export function fieldsOf(flat: unknown[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) m.set(String(flat[i]), flat[i + 1]);
  return m;
}
