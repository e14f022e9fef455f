// NAB reports 0 for a detector that never fires and 100 for one that hits every window's left edge.

import type { NabProfile } from './nab-profiles.js';

/**
 * The raw score of NAB's perfect detector: every labelled window detected at its left edge, each
 * worth exactly tpWeight, no false positives. NAB counts every window in the label file here.
 */
export function nabPerfectRaw(labelledWindowCount: number, profile: NabProfile): number {
  return labelledWindowCount * profile.tpWeight;
}

/** 100 · (raw − null) / (perfect − null): NAB's published figure for a raw corpus score. */
export function normaliseNabScore(raw: number, nullRaw: number, perfectRaw: number): number {
  return (100 * (raw - nullRaw)) / (perfectRaw - nullRaw);
}
