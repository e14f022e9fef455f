// Deterministic sensor input in the shape of examples/sensor-stats.ts's contract: `sensor`, `value`
// (decimal text), `ts` (epoch ms). Event times advance with jitter inside the 2 s out-of-orderness,
// plus deliberately late events and bad entries, each tagged with what the test expects of it.
//
//   event time ─────────────────────────────────────────────────────────────▶
//   |  window 0 (10 s)  |  window 1  |  window 2  | …
//        · ·· · ·  ·  · ·   ← jitter < 2 s: never late
//                    ✗       ← a late event: ≥ 12 s behind the largest time seen, its window closed

import type { DeadLetterReason } from '../../src/wasm/layout.js';
import { seededRandom } from '../../src/demo/seeded-random.js';

/** Aligned to the 10 s windows, so window boundaries fall at round numbers. */
export const T0 = 1_700_000_000_000;

/** What the generator meant an entry to be; the oracle must agree. */
export type Intent = { readonly kind: 'ok' } | { readonly kind: 'late' } | { readonly kind: 'bad'; readonly reason: DeadLetterReason };

export interface GeneratedEntry {
  /** Flat field/value list, as XADD takes it. */
  readonly fields: readonly (string | Buffer)[];
  readonly intent: Intent;
  /** The sensor (key) when the entry has one. */
  readonly sensor: string | undefined;
}

export interface SensorDataOptions {
  readonly seed: number;
  readonly count: number;
  readonly sensors: number;
  /** Event time of entry 0. @default T0 */
  readonly startMs?: number;
  /** Nominal event-time step between consecutive entries. @default 20 */
  readonly stepMs?: number;
  /** Every n-th entry (after the first quarter) is deliberately late; 0 for none. @default 173 */
  readonly lateEvery?: number;
  /** Every n-th entry is a bad entry (cycling through every dead-letter reason); 0 for none. @default 97 */
  readonly badEvery?: number;
  /** Extra fields appended to every entry (they must come back unchanged in late/dead-letter records). */
  readonly extraFields?: (index: number) => readonly string[];
}

/** The sensor names: mostly plain, a few with UTF-8 and spaces (keys are bytes, not identifiers). */
export function sensorName(k: number): string {
  if (k % 17 === 3) return `capteur-é-${k}`;
  if (k % 17 === 7) return `wärme sensor ${k}`;
  return `s-${k}`;
}

/** Values the fast path decodes, and values it leaves to the host (exponents, long digit strings). */
const ODD_VALUES = [
  '0', '-0', '+7.25', '.5', '5.', '1.5e2', '2E-3', '0.1', '0.2', '0.30000000000000004441', '123456789012345678901234',
  '-0.000001', '0.0000000000000000000000001', '1e-7', '-12.125', '9007199254740993', '00012.50',
];

type FieldMap = Record<string, string>;

/** A far-future event time (2100-01-01): beyond the default `timeBounds.maxAhead` of an ID written now. */
export const FAR_FUTURE_TS = '4102444800000';

/**
 * Bad entries by the reason they must be dead-lettered with; several spellings of each. A flat list
 * is for what a map cannot hold: repeated field names, empty names.
 */
const BAD_CASES: readonly { readonly reason: DeadLetterReason; readonly make: (sensor: string, ts: string) => FieldMap | readonly string[] }[] = [
  { reason: 'missing-key', make: (_s, ts) => ({ value: '1.5', ts }) },
  { reason: 'missing-value', make: (s, ts) => ({ sensor: s, ts }) },
  { reason: 'non-numeric-value', make: (s, ts) => ({ sensor: s, value: 'abc', ts }) },
  { reason: 'non-finite-value', make: (s, ts) => ({ sensor: s, value: 'NaN', ts }) },
  { reason: 'missing-time', make: (s) => ({ sensor: s, value: '3' }) },
  { reason: 'bad-time', make: (s) => ({ sensor: s, value: '3', ts: '12.5' }) },
  { reason: 'missing-key', make: (_s, ts) => ({ sensor_id: 's-1', value: '2', ts }) },
  { reason: 'non-numeric-value', make: (s, ts) => ({ sensor: s, value: '', ts }) },
  { reason: 'non-finite-value', make: (s, ts) => ({ sensor: s, value: 'inf', ts }) },
  { reason: 'bad-time', make: (s) => ({ sensor: s, value: '3', ts: '-5' }) },
  { reason: 'non-numeric-value', make: (s, ts) => ({ sensor: s, value: '12,5', ts }) },
  { reason: 'non-finite-value', make: (s, ts) => ({ sensor: s, value: '1e999', ts }) },
  { reason: 'bad-time', make: (s) => ({ sensor: s, value: '3', ts: 'yesterday' }) },
  { reason: 'non-finite-value', make: (s, ts) => ({ sensor: s, value: '-Infinity', ts }) },
  { reason: 'bad-time', make: (s) => ({ sensor: s, value: '3', ts: '99999999999999999' }) },
  { reason: 'non-numeric-value', make: (s, ts) => ({ sensor: s, value: '1.2.3', ts }) },
  { reason: 'bad-time', make: (s) => ({ sensor: s, value: '3', ts: '' }) },
  { reason: 'time-out-of-bounds', make: (s) => ({ sensor: s, value: '3', ts: FAR_FUTURE_TS }) },
  { reason: 'duplicate-field', make: (s, ts) => ['sensor', s, 'value', '3', 'ts', ts, 'value', '4'] },
  { reason: 'missing-key', make: () => ['', ''] }, // XADD needs a field; this is the emptiest entry it takes
  { reason: 'duplicate-field', make: (s, ts) => ['ts', ts, 'sensor', s, 'value', '1', 'sensor', s] },
];

export const prng = seededRandom;

/** Generates the input; see the diagram at the top of the file. */
export function sensorEntries(o: SensorDataOptions): GeneratedEntry[] {
  const rand = prng(o.seed);
  const start = o.startMs ?? T0;
  const step = o.stepMs ?? 20;
  const lateEvery = o.lateEvery ?? 173;
  const badEvery = o.badEvery ?? 97;
  const out: GeneratedEntry[] = [];
  let maxTs = -Infinity;
  let badCase = 0;
  for (let i = 0; i < o.count; i++) {
    const nominal = start + i * step;
    const sensor = sensorName(Math.floor(rand() * o.sensors));
    const extra = o.extraFields?.(i) ?? [];

    if (badEvery > 0 && i % badEvery === Math.floor(badEvery / 2)) {
      const c = BAD_CASES[badCase++ % BAD_CASES.length]!;
      out.push({ fields: [...flat(c.make(sensor, String(nominal))), ...extra], intent: { kind: 'bad', reason: c.reason }, sensor: undefined });
      continue;
    }

    const value = valueText(rand);
    // Deliberately late: ≥ 12 s behind the largest time seen, so its window (≤ 10 s long) ended at
    // or before watermark = max − 2 s.
    if (lateEvery > 0 && i > o.count / 4 && i % lateEvery === lateEvery - 1 && maxTs - 15_000 >= start) {
      const ts = maxTs - 12_000 - Math.floor(rand() * 3000);
      out.push({ fields: [...flat({ sensor, value, ts: String(ts) }), ...extra], intent: { kind: 'late' }, sensor });
      continue;
    }

    // Jitter < 1.9 s behind the nominal time, which is ahead of every earlier time: never late.
    let ts = nominal - Math.floor(rand() * 1900);
    const boundary = Math.floor(nominal / 10_000) * 10_000;
    if (i % 41 === 0 && nominal - boundary < 1900) ts = boundary; // exactly on a window start
    if (i % 43 === 0 && nominal - boundary < 1899 && boundary - 1 > maxTs - 2000) ts = boundary - 1; // last ms of a window
    if (ts > maxTs) maxTs = ts;
    const fields: FieldMap = i % 5 === 0 ? { ts: String(ts), value, sensor } : { sensor, value, ts: String(ts) };
    if (i % 11 === 0) fields['unit'] = 'C';
    out.push({ fields: [...flat(fields), ...extra], intent: { kind: 'ok' }, sensor });
  }
  return out;
}

function valueText(rand: () => number): string {
  const r = rand();
  if (r < 0.15) return ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)]!;
  if (r < 0.4) return String(Math.floor(rand() * 2000) - 1000);
  return ((rand() - 0.3) * 500).toFixed(1 + Math.floor(rand() * 3));
}

function flat(m: FieldMap | readonly string[]): string[] {
  return Array.isArray(m) ? [...(m as readonly string[])] : Object.entries(m).flat();
}
