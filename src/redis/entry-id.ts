// Stream entry IDs (`<ms>-<seq>`) compared as Redis orders them: by milliseconds, then sequence,
// both 64-bit unsigned — so as BigInt when they do not fit a double exactly.

/** < 0, 0 or > 0 as `a` comes before, is, or comes after `b`. */
export function compareEntryIds(a: string, b: string): number {
  const [am, as] = parts(a);
  const [bm, bs] = parts(b);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

/** The largest entry ID before `id` ('0-0' for the first possible ID): reading after it reads `id` itself. */
export function entryIdBefore(id: string): string {
  const [ms, seq] = parts(id);
  if (seq > 0n) return `${ms}-${seq - 1n}`;
  if (ms > 0n) return `${ms - 1n}-18446744073709551615`;
  return '0-0';
}

function parts(id: string): [bigint, bigint] {
  const dash = id.indexOf('-');
  if (dash < 0) return [BigInt(id), 0n];
  return [BigInt(id.slice(0, dash)), BigInt(id.slice(dash + 1))];
}
