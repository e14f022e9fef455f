import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DETECTORS_BEST_FIRST, resolveDetectorParams } from '../detect/detector-catalog.js';
import { DET_ANOMALY, DET_DIRECTION, DET_EXPECTED, DET_LOWER, DET_OUT_F64, DET_SCORE, DET_UPPER, DET_WARMUP } from '../detect/detector-output.js';
import { runResolvedSeries } from '../detect/series-detector.js';
import { readCsvSeries } from '../series/csv-series.js';
import { detectorExports } from '../wasm/detector-exports.js';
import { instantiateKernel } from '../wasm/kernel-module.js';

export interface BacktestOptions {
  readonly detector?: string;
  /** `key=value` strings, as given on the command line. */
  readonly param: readonly string[];
  readonly list?: boolean;
}

/** The columns written, in order: the four the contract fixes first, then the rest of the anomaly event. */
const HEADER = 'timestamp,value,score,anomaly,expected,lower,upper,direction,warmup\n';

/**
 * `eddy backtest <file.csv> --detector <name> [--param k=v …]`: the detector over a CSV series row by
 * row, through the same WASM kernel and detector state a streaming job uses for one key, one CSV row
 * out per good row in. Bad rows are reported on stderr with their line number and skipped.
 */
export async function backtestCommand(file: string | undefined, opts: BacktestOptions, out: Writable = process.stdout): Promise<void> {
  if (opts.list) {
    out.write(DETECTORS_BEST_FIRST.map((d) => `${d.name}\n`).join(''));
    return;
  }
  if (file === undefined) throw new Error('backtest needs a CSV file: eddy backtest <file.csv> --detector <name> (eddy backtest --list names the detectors)');
  const detector = resolveDetectorParams(opts.detector ?? DETECTORS_BEST_FIRST[0]!.name, parseParams(opts.param));
  const series = await readCsvSeries(file);
  for (const bad of series.bad) process.stderr.write(`${file}:${bad.line}: skipped: ${bad.reason}\n`);
  // `eddy backtest … | head` closes the pipe early: that is the reader's choice, not an error.
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const rows = runResolvedSeries(detectorExports(instantiateKernel()), detector, series.timestamps, series.values);

  await writeChunked(out, HEADER, series.values.length, (i) => {
    const at = i * DET_OUT_F64;
    return [
      csvField(series.rawTimestamps[i]!),
      series.values[i],
      rows[at + DET_SCORE],
      rows[at + DET_ANOMALY],
      rows[at + DET_EXPECTED],
      rows[at + DET_LOWER],
      rows[at + DET_UPPER],
      rows[at + DET_DIRECTION],
      rows[at + DET_WARMUP],
    ].join(',');
  });
}

/** `["alpha=0.1", "window=64"]` → `{ alpha: "0.1", window: "64" }`; the catalog checks names and values. */
export function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--param "${pair}" is not key=value: write e.g. --param threshold=4`);
    const key = pair.slice(0, eq).trim();
    if (key in params) throw new Error(`--param ${key} is given twice: keep one`);
    params[key] = pair.slice(eq + 1).trim();
  }
  return params;
}

/** A time as written, quoted only when CSV needs it (an ISO time never does; a stray comma might). */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes lines in ~1 MiB chunks, waiting for the stream to drain: a 20 MB series never sits in one string. */
async function writeChunked(out: Writable, header: string, n: number, line: (i: number) => string): Promise<void> {
  let chunk = header;
  for (let i = 0; i < n; i++) {
    chunk += line(i) + '\n';
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain');
}
