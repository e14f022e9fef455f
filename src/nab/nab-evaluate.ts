// A detector's NAB result from its anomaly scores: per profile, the one corpus-wide threshold that
// maximises the summed raw score, the raw score at it, and the normalised figure NAB publishes.

import type { NabCorpus } from './nab-corpus.js';
import { nabPerfectRaw, normaliseNabScore } from './nab-normalise.js';
import { NAB_PROFILE_NAMES, type NabProfile, type NabProfileName } from './nab-profiles.js';
import { type NabCounts, scoreNabFile } from './nab-scorer.js';
import { bestNabThreshold, prepareNabSweep, sweepNabThresholds } from './nab-sweep.js';

/** One profile's result for one detector. */
export interface NabProfileResult {
  readonly profile: NabProfile;
  /** The corpus-wide threshold chosen: rows scoring `>=` it are detections. */
  readonly threshold: number;
  /** Raw corpus score at that threshold: the sum of the files' scores, as NAB's scoring step adds them. */
  readonly raw: number;
  /** NAB's null detector's raw score (a constant 0.5, swept like any other). */
  readonly nullRaw: number;
  /** Every labelled window hit at its left edge. */
  readonly perfectRaw: number;
  /** 100 · (raw − null) / (perfect − null). */
  readonly normalised: number;
  /** Row counts summed over the corpus. */
  readonly counts: NabCounts;
  /** Each file's raw score, in corpus order. */
  readonly perFile: readonly number[];
}

/** A detector's result on every profile. */
export type NabEvaluation = Readonly<Record<NabProfileName, NabProfileResult>>;

/** The chosen threshold and raw scores of one set of anomaly scores, per profile, before normalising. */
function rawByProfile(corpus: NabCorpus, scoresPerFile: readonly Float64Array[]) {
  if (scoresPerFile.length !== corpus.files.length) {
    throw new Error(`${scoresPerFile.length} score arrays for ${corpus.files.length} files; give one per corpus file, in order`);
  }
  const prepared = prepareNabSweep(corpus.files.map((f, i) => ({ layout: f.layout, anomalyScores: scoresPerFile[i]! })));
  const out = new Map<NabProfileName, { threshold: number; raw: number; counts: NabCounts; perFile: number[] }>();
  for (const name of NAB_PROFILE_NAMES) {
    const profile = corpus.profiles[name];
    const { threshold } = bestNabThreshold(sweepNabThresholds(prepared, profile));
    // NAB's scoring step re-scores each file at the chosen threshold and adds the files up; the
    // total equals the sweep's best up to the order of floating-point additions.
    const files = corpus.files.map((f, i) => scoreNabFile(f.layout, scoresPerFile[i]!, threshold, profile));
    const sum = (key: 'score' | keyof NabCounts) => files.reduce((s, r) => s + r[key], 0);
    out.set(name, {
      threshold,
      raw: sum('score'),
      counts: { tp: sum('tp'), fp: sum('fp'), fn: sum('fn'), tn: sum('tn') },
      perFile: files.map((r) => r.score),
    });
  }
  return out;
}

const nullCache = new WeakMap<NabCorpus, ReturnType<typeof rawByProfile>>();

/** NAB's null baseline: its null detector answers 0.5 for every row and goes through the same sweep. */
function nullRaw(corpus: NabCorpus): ReturnType<typeof rawByProfile> {
  let cached = nullCache.get(corpus);
  if (cached === undefined) {
    cached = rawByProfile(corpus, corpus.files.map((f) => new Float64Array(f.layout.rowCount).fill(0.5)));
    nullCache.set(corpus, cached);
  }
  return cached;
}

/**
 * Scores one detector's anomaly scores (one array per corpus file, one score per row, in [0, 1])
 * on every profile, exactly as NAB's optimise, score and normalise steps do.
 */
export function evaluateNab(corpus: NabCorpus, scoresPerFile: readonly Float64Array[]): NabEvaluation {
  const raw = rawByProfile(corpus, scoresPerFile);
  const base = nullRaw(corpus);
  const result = (name: NabProfileName): NabProfileResult => {
    const profile = corpus.profiles[name];
    const r = raw.get(name)!;
    const nullScore = base.get(name)!.raw;
    const perfect = nabPerfectRaw(corpus.labelledWindowCount, profile);
    return { profile, ...r, nullRaw: nullScore, perfectRaw: perfect, normalised: normaliseNabScore(r.raw, nullScore, perfect) };
  };
  return {
    standard: result('standard'),
    reward_low_FP_rate: result('reward_low_FP_rate'),
    reward_low_FN_rate: result('reward_low_FN_rate'),
  };
}
