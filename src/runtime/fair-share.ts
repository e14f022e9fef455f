/**
 * How many of a job's partitions one live process should hold: P split over the live members as
 * evenly as integers allow — the first P mod M members in owner-id order take ⌈P/M⌉, the others
 * ⌊P/M⌋. Every member computes the same split from the same member list, and the shares add up to
 * P exactly.
 *
 * Why not ⌈P/M⌉ for everyone: with P = 4 and three members, 2 + 2 + 0 would be a stable state — two
 * members at their share, the third starved with nothing free to take. With shares that sum to P,
 * a member above its share gives partitions up until everyone is at theirs.
 */
export function fairShare(partitions: number, members: readonly string[], self: string): number {
  const sorted = members.includes(self) ? [...members].sort() : [...members, self].sort();
  const rank = sorted.indexOf(self);
  const n = sorted.length;
  return Math.floor(partitions / n) + (rank < partitions % n ? 1 : 0);
}
