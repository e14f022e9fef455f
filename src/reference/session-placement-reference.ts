// Where an event goes among its key's sessions — the four rules of DESIGN.md "Session windows",
// written plainly (linear scans) for both session references: the default one
// (session-reference.ts) and the revising one (session-revision-reference.ts). They differ only in
// what they do once the place is known.

/** What a rule needs of a session: its event-time range [start, last]. */
export interface PlacedSession {
  start: number;
  last: number;
}

export type Placement<S extends PlacedSession> =
  /** t lies inside this session's range. */
  | { readonly kind: 'inside'; readonly session: S }
  /** Within gap of both neighbours and the merge fits maxDuration: `after` merges into `before`, then t joins. */
  | { readonly kind: 'bridge'; readonly before: S; readonly after: S }
  /** t joins the session before it (its last becomes t). */
  | { readonly kind: 'extends-before'; readonly session: S }
  /** t joins the session after it (its start becomes t). */
  | { readonly kind: 'extends-after'; readonly session: S }
  /** t opens a session of its own, unless it is late. */
  | { readonly kind: 'new' };

/** The place of event time t among a key's sessions (sorted by start; ranges never overlap). */
export function placeInSessions<S extends PlacedSession>(sessions: readonly S[], t: number, gap: number, maxDuration: number): Placement<S> {
  const inside = sessions.find((s) => s.start <= t && t <= s.last);
  if (inside) return { kind: 'inside', session: inside };
  // Its neighbours: the last session before t and the first after it.
  const before = sessions.filter((s) => s.last < t).at(-1);
  const after = sessions.find((s) => s.start > t);
  const nearBefore = before !== undefined && t < before.last + gap;
  const nearAfter = after !== undefined && after.start < t + gap;
  if (nearBefore && nearAfter && after.last + gap - before.start <= maxDuration) return { kind: 'bridge', before, after };
  if (nearBefore && t + gap - before.start <= maxDuration) return { kind: 'extends-before', session: before };
  if (nearAfter && after.last + gap - t <= maxDuration) return { kind: 'extends-after', session: after };
  return { kind: 'new' };
}
