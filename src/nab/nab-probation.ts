// NAB lets a detector learn on the start of each file before any of its output is scored.

/** The fraction of each file NAB leaves unscored (NAB's `probationaryPercent`). */
export const NAB_PROBATION_FRACTION = 0.15;

/**
 * How many leading rows of a file NAB leaves unscored: min(floor(0.15·n), 0.15·5000), so at most
 * 750. Row `i` is scored when `i >= nabProbationRows(n)`. Written as NAB's `getProbationPeriod`
 * computes it, floating-point product included, so the boundary row is the same one.
 */
export function nabProbationRows(rowCount: number, fraction: number = NAB_PROBATION_FRACTION): number {
  return Math.min(Math.floor(fraction * rowCount), fraction * 5000);
}
