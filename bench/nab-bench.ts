// The Numenta Anomaly Benchmark for eddy's detectors: run each detector over the 58 NAB series,
// score it exactly as NAB's own scorer does (src/nab/), and print it beside NAB's published board.

import { performance } from 'node:perf_hooks';
import type { NabCorpus } from '../src/nab/nab-corpus.js';
import { loadNabCorpus } from '../src/nab/nab-corpus-loader.js';
import { evaluateNab, type NabEvaluation } from '../src/nab/nab-evaluate.js';
import { NAB_PROFILE_NAMES } from '../src/nab/nab-profiles.js';
import {
  formatNabPublished,
  NAB_SCOREBOARD,
  nabPublishedBest,
  type NabPublishedScore,
} from '../src/nab/nab-scoreboard.js';

/** One NAB series as a detector sees it. */
export interface NabSeries {
  /** Epoch ms per row. */
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /**
   * The file's smallest and largest value. NAB hands every detector these before the first row
   * (its `inputMin`/`inputMax`, used to size encoders), so using them is within NAB's rules even
   * though they come from the whole file.
   */
  readonly inputMin: number;
  readonly inputMax: number;
}

/** A detector under test: reads a series row by row, seeing only the past, and scores each row. */
export interface NabDetector {
  readonly name: string;
  /** An anomaly score in [0, 1] for every row, in row order. */
  run(series: NabSeries): Float64Array;
}

/** Options of {@link runNabBench}. */
export interface NabBenchOptions {
  /**
   * The corpus to score on.
   * @default the NAB corpus read by loadNabCorpus() ($EDDY_NAB_DIR or ../shared/data/nab)
   */
  readonly corpus?: NabCorpus;
  /**
   * Round every anomaly score to 12 significant digits before scoring. NAB's published results
   * were scored from CSV files written by Python 2, which keeps 12 significant digits, so scores
   * just below 1 became exactly 1.0; rounding the same way reproduces the published board to the
   * last printed digit (windowed-gaussian: raw −24.0131054891 standard, counts included). Without
   * it a detector whose scores crowd below 1 can use thresholds NAB's pipeline never saw
   * (windowed-gaussian then scores 40.1 / 23.9 / 47.7 instead of 39.6 / 20.9 / 47.4).
   * @default true
   */
  readonly roundLikeNab?: boolean;
  /**
   * Called after each detector has run over every file, for progress output.
   * @default nothing
   */
  readonly onDetector?: (name: string, seconds: number) => void;
}

/** One detector's NAB result and speed. */
export interface NabDetectorResult {
  readonly name: string;
  readonly evaluation: NabEvaluation;
  /** Corpus rows divided by the time spent inside `run` over all files. */
  readonly eventsPerSecond: number;
  readonly rows: number;
  readonly seconds: number;
}

/** Every detector's result, in the order they were given, and what they ran on. */
export interface NabBenchResult {
  readonly corpusDir: string;
  readonly files: number;
  readonly rows: number;
  readonly windows: number;
  /** Whether anomaly scores were rounded as NAB's published results were (see NabBenchOptions). */
  readonly roundedLikeNab: boolean;
  readonly detectors: readonly NabDetectorResult[];
}

/** The smallest and largest value of a series: what NAB hands a detector before the first row. */
export function valueRange(values: Float64Array): { inputMin: number; inputMax: number } {
  let inputMin = Infinity;
  let inputMax = -Infinity;
  for (const v of values) {
    if (v < inputMin) inputMin = v;
    if (v > inputMax) inputMax = v;
  }
  return { inputMin, inputMax };
}

/** Runs every detector over every corpus file, then scores each on NAB's three profiles. */
export async function runNabBench(detectors: readonly NabDetector[], opts: NabBenchOptions = {}): Promise<NabBenchResult> {
  const corpus = opts.corpus ?? (await loadNabCorpus());
  const roundLikeNab = opts.roundLikeNab ?? true;
  const series: NabSeries[] = corpus.files.map((f) => ({ timestamps: f.timestamps, values: f.values, ...valueRange(f.values) }));
  const results: NabDetectorResult[] = [];
  for (const detector of detectors) {
    let ms = 0;
    const scores = series.map((s, i) => {
      const started = performance.now();
      const out = detector.run(s);
      ms += performance.now() - started;
      const file = corpus.files[i]!.path;
      if (out.length !== s.values.length) {
        throw new Error(
          `detector "${detector.name}" returned ${out.length} scores for ${file} (${s.values.length} rows); return one per row`,
        );
      }
      const bad = out.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new Error(`detector "${detector.name}" scored row ${bad} of ${file} as ${out[bad]}; return a number in [0, 1]`);
      }
      return out;
    });
    const seconds = ms / 1000;
    opts.onDetector?.(detector.name, seconds);
    results.push({
      name: detector.name,
      evaluation: evaluateNab(corpus, roundLikeNab ? scores.map(roundToNabCsvPrecision) : scores),
      eventsPerSecond: corpus.rowCount / seconds,
      rows: corpus.rowCount,
      seconds,
    });
  }
  return {
    corpusDir: corpus.dir,
    files: corpus.files.length,
    rows: corpus.rowCount,
    windows: corpus.labelledWindowCount,
    roundedLikeNab: roundLikeNab,
    detectors: results,
  };
}

/** What Python 2's str(float) kept of a score in NAB's results CSV: 12 significant digits. */
function roundToNabCsvPrecision(scores: Float64Array): Float64Array {
  return scores.map((s) => Number(s.toPrecision(12)));
}

interface TableRow {
  readonly sortKey: number;
  readonly cells: readonly string[];
}

/**
 * A markdown table of eddy's detectors (bold, with their thresholds and events/s) among NAB's
 * published rows, best standard score first, all three profiles.
 */
export function formatNabTable(result: NabBenchResult): string {
  const header = [
    'detector',
    'standard',
    'reward low FP',
    'reward low FN',
    'thresholds (std / low FP / low FN)',
    'events/s',
    'source',
  ];
  const rows: TableRow[] = result.detectors.map((d) => ({
    sortKey: d.evaluation.standard.normalised,
    cells: [
      `**${d.name}**`,
      ...NAB_PROFILE_NAMES.map((p) => `**${d.evaluation[p].normalised.toFixed(1)}**`),
      NAB_PROFILE_NAMES.map((p) => formatThreshold(d.evaluation[p].threshold)).join(' / '),
      Math.round(d.eventsPerSecond).toLocaleString('en-US'),
      'eddy',
    ],
  }));
  const published = (s: NabPublishedScore) => formatNabPublished(s);
  for (const r of NAB_SCOREBOARD) {
    rows.push({
      sortKey: nabPublishedBest(r.standard),
      cells: [r.detector, published(r.standard), published(r.rewardLowFp), published(r.rewardLowFn), '', '', 'NAB README'],
    });
  }
  // Stable sort: an eddy row ties ahead of a published one because it was added first.
  rows.sort((a, b) => b.sortKey - a.sortKey);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map((r) => line(r.cells)),
    '',
    `${result.files} files, ${result.rows.toLocaleString('en-US')} rows, ${result.windows} windows, from ${result.corpusDir}.`,
    'Scored with NAB v1.1 rules (src/nab/): one threshold per detector and profile over the whole corpus;',
    result.roundedLikeNab
      ? "anomaly scores rounded to 12 significant digits, as NAB's published results were (NabBenchOptions.roundLikeNab)."
      : 'anomaly scores at full precision, unlike NAB\'s published results (NabBenchOptions.roundLikeNab).',
    'Wu & Keogh (IEEE TKDE 2021) argue several NAB series hold trivial or mislabelled anomalies: read these',
    'figures as a sanity check, and never tune a detector to one file.',
  ].join('\n');
}

function formatThreshold(t: number): string {
  // Gaussian-tail scores crowd just below 1, where 4 decimals would print 1.0000 for most of them.
  return t >= 0.999 && t < 1 ? t.toPrecision(8) : t.toFixed(4);
}
