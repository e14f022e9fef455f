// A time series read from CSV text: one `timestamp` column, one `value` column, anything else
// ignored. Bad rows are reported with their line number and skipped, never thrown, so one stray
// line in a 20 MB export costs a line in a report rather than the whole run.

import { readFile } from 'node:fs/promises';

/** A row that was skipped, with the 1-based line number it was on and why. */
export interface CsvBadRow {
  readonly line: number;
  readonly reason: string;
}

/** The good rows of a CSV series, in file order, and the bad rows that were skipped. */
export interface CsvSeries {
  /** Epoch milliseconds of each good row (UTC when the text carries no offset). */
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /** Each good row's time exactly as written, so output can echo it back unchanged. */
  readonly rawTimestamps: string[];
  /** The 1-based line number of each good row (the header is line 1). */
  readonly rows: number[];
  readonly bad: CsvBadRow[];
}

const TIME_COLUMN = 'timestamp';
const VALUE_COLUMN = 'value';

// `YYYY-MM-DD`, then optionally `THH:MM[:SS[.fraction]]` (or a space instead of T, as NAB writes),
// then optionally `Z` or `±HH[:]MM`.
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const EPOCH_MS = /^-?\d+(?:\.\d+)?$/;
// Stricter than Number(): it would take '', ' ', '0x1f' and 'Infinity' without complaint.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Epoch milliseconds of `text`: an ISO-8601 date-time, NAB's `YYYY-MM-DD HH:MM:SS[.ffffff]` (no
 * offset means UTC), or a plain number taken as epoch milliseconds. `undefined` when it is none.
 */
export function parseTimestampMs(text: string): number | undefined {
  const t = text.trim();
  if (EPOCH_MS.test(t)) return Number(t);
  const m = ISO_TIME.exec(t);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // Whole milliseconds from the first three digits, exactly; anything finer as a fraction of one.
  const frac = m[7];
  const ms =
    frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0')) + (frac.length > 3 ? Number(`0.${frac.slice(3)}`) : 0);
  return Date.UTC(year, month - 1, day, hour, minute, second) + ms - offsetMs(m[8]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return (zone.startsWith('-') ? -minutes : minutes) * 60_000;
}

/** The fields of one CSV line; quoted fields may hold commas and `""` for a quote. */
function splitFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * Parses CSV text whose header names a `timestamp` and a `value` column, in any order, among any
 * others. Throws only when the header lacks one of the two; every bad data row is reported in
 * `bad` and skipped. `source` names the text in that error (a file path, say).
 */
export function parseCsvSeries(text: string, source = 'CSV text'): CsvSeries {
  const lines = text.split('\n');
  const headerLine = (lines[0] ?? '').replace(/^\uFEFF/, '').replace(/\r$/, '');
  const header = splitFields(headerLine).map((h) => h.trim().toLowerCase());
  const timeAt = header.indexOf(TIME_COLUMN);
  const valueAt = header.indexOf(VALUE_COLUMN);
  for (const [column, at] of [[TIME_COLUMN, timeAt], [VALUE_COLUMN, valueAt]] as const) {
    if (at < 0) {
      throw new Error(
        `${source}: the header has no "${column}" column (the header was "${headerLine}"); ` +
          `name the time column "${TIME_COLUMN}" and the value column "${VALUE_COLUMN}"`,
      );
    }
  }

  // Blank lines at the very end are how files end, not bad rows; blank lines before data are.
  let last = lines.length - 1;
  while (last > 0 && lines[last]!.trim() === '') last--;

  const timestamps = new Float64Array(last);
  const values = new Float64Array(last);
  const rawTimestamps: string[] = [];
  const rows: number[] = [];
  const bad: CsvBadRow[] = [];
  for (let i = 1; i <= last; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (line.trim() === '') {
      bad.push({ line: lineNo, reason: 'empty line' });
      continue;
    }
    const fields = splitFields(line);
    if (fields.length !== header.length) {
      bad.push({ line: lineNo, reason: `expected ${header.length} columns, found ${fields.length}` });
      continue;
    }
    const rawTime = fields[timeAt]!.trim();
    const time = parseTimestampMs(rawTime);
    if (time === undefined || !Number.isFinite(time)) {
      bad.push({ line: lineNo, reason: `unreadable timestamp "${rawTime}"` });
      continue;
    }
    const rawValue = fields[valueAt]!.trim();
    const value = DECIMAL.test(rawValue) ? Number(rawValue) : Number.NaN;
    if (!Number.isFinite(value)) {
      bad.push({ line: lineNo, reason: `value "${rawValue}" is not a finite number` });
      continue;
    }
    timestamps[rows.length] = time;
    values[rows.length] = value;
    rawTimestamps.push(rawTime);
    rows.push(lineNo);
  }
  return {
    timestamps: timestamps.slice(0, rows.length),
    values: values.slice(0, rows.length),
    rawTimestamps,
    rows,
    bad,
  };
}

/** Reads and parses a CSV series file (see {@link parseCsvSeries}); the path names it in errors. */
export async function readCsvSeries(path: string): Promise<CsvSeries> {
  return parseCsvSeries(await readFile(path, 'utf8'), path);
}
