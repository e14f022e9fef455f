// NAB's published scoreboard (NAB README, v1.1), printed beside eddy's own figures. Not a target:
// several NAB series have trivial or mislabelled anomalies (Wu & Keogh, IEEE TKDE 2021), so a
// detector is never tuned to climb this table.

/** A published score; Numenta HTM is published as a range over runs: [best, worst]. */
export type NabPublishedScore = number | readonly [best: number, worst: number];

/** One published row: normalised scores on the three profiles. */
export interface NabScoreboardRow {
  readonly detector: string;
  readonly standard: NabPublishedScore;
  readonly rewardLowFp: NabPublishedScore;
  readonly rewardLowFn: NabPublishedScore;
}

/** The published rows, best first, as NAB's README lists them. */
export const NAB_SCOREBOARD: readonly NabScoreboardRow[] = [
  { detector: 'Perfect', standard: 100, rewardLowFp: 100, rewardLowFn: 100 },
  { detector: 'ARTime', standard: 74.9, rewardLowFp: 65.1, rewardLowFn: 80.4 },
  { detector: 'Numenta HTM', standard: [70.5, 69.7], rewardLowFp: [62.6, 61.7], rewardLowFn: [75.2, 74.2] },
  { detector: 'CAD OSE', standard: 69.9, rewardLowFp: 67.0, rewardLowFn: 73.2 },
  { detector: 'earthgecko Skyline', standard: 58.2, rewardLowFp: 46.2, rewardLowFn: 63.9 },
  { detector: 'KNN CAD', standard: 58.0, rewardLowFp: 43.4, rewardLowFn: 64.8 },
  { detector: 'Relative Entropy', standard: 54.6, rewardLowFp: 47.6, rewardLowFn: 58.8 },
  { detector: 'Random Cut Forest', standard: 51.7, rewardLowFp: 38.4, rewardLowFn: 59.7 },
  { detector: 'Twitter ADVec', standard: 47.1, rewardLowFp: 33.6, rewardLowFn: 53.5 },
  { detector: 'Windowed Gaussian', standard: 39.6, rewardLowFp: 20.9, rewardLowFn: 47.4 },
  { detector: 'Etsy Skyline', standard: 35.7, rewardLowFp: 27.1, rewardLowFn: 44.5 },
  { detector: 'Bayesian Changepoint', standard: 17.7, rewardLowFp: 3.2, rewardLowFn: 32.2 },
  { detector: 'EXPoSE', standard: 16.4, rewardLowFp: 3.2, rewardLowFn: 26.9 },
  { detector: 'Random', standard: 11.0, rewardLowFp: 1.2, rewardLowFn: 19.5 },
  { detector: 'Null', standard: 0, rewardLowFp: 0, rewardLowFn: 0 },
];

/** The number a published score sorts by: its best value. */
export function nabPublishedBest(score: NabPublishedScore): number {
  return typeof score === 'number' ? score : score[0];
}

/** A published score as the README prints it: `39.6`, or `70.5–69.7` for a range. */
export function formatNabPublished(score: NabPublishedScore): string {
  return typeof score === 'number' ? score.toFixed(1) : `${score[0].toFixed(1)}–${score[1].toFixed(1)}`;
}
