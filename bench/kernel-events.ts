// The events of the kernel benchmarks, built once and shared by every contender, in the three
// shapes the contenders take them: columns (what eddy's decoder leaves in WASM memory), objects
// with string keys (what a JS consumer holds after parsing), and an XREADGROUP reply as RESP bytes
// (what arrives on eddy's socket).

import type { ReferenceEvent } from '../src/reference/window-reference.js';
import { LOAD_START_MS, sensorName, sensorValues } from './load-generator.js';
import { seededRandom } from '../src/demo/seeded-random.js';

/** N events over K keys, round-robin, one value, event time advancing 1/density seconds per key and round. */
export interface KernelEvents {
  readonly count: number;
  readonly keys: number;
  /** Key index 0 … keys-1 per event. */
  readonly keyIndex: Int32Array;
  readonly time: Float64Array;
  readonly value: Float64Array;
  readonly keyNames: readonly string[];
  /** The same events as objects, for the JavaScript contenders. */
  readonly objects: readonly ReferenceEvent[];
  /** The event time covered, ms: the next run of the same events starts this much later. */
  readonly spanMs: number;
  /** Events per key per second of event time. */
  readonly density: number;
}

/**
 * Builds the events; jitter stays under the job's out-of-orderness, so nothing is late. `density`
 * events per key per second: the same events in 1/density of the event time, so the same number
 * of events makes fewer windows (hopping results per event fall as density rises).
 */
export function kernelEvents(count: number, keys: number, seed = 7, density = 1): KernelEvents {
  const random = seededRandom(seed);
  const valueText = sensorValues(keys, seed + 1);
  const keyNames = Array.from({ length: keys }, (_, k) => sensorName(k));
  const keyIndex = new Int32Array(count);
  const time = new Float64Array(count);
  const value = new Float64Array(count);
  const objects: ReferenceEvent[] = new Array(count);
  const msPerEvent = 1000 / (keys * density);
  for (let i = 0; i < count; i++) {
    const k = i % keys;
    keyIndex[i] = k;
    time[i] = Math.max(LOAD_START_MS, LOAD_START_MS + Math.floor(i * msPerEvent) - Math.floor(random() * 500));
    value[i] = Number(valueText(k));
    objects[i] = { key: keyNames[k]!, time: time[i]!, values: [value[i]!] };
  }
  return { count, keys, keyIndex, time, value, keyNames, objects, spanMs: Math.ceil((count / keys / density) * 1000), density };
}

/**
 * An XREAD / XREADGROUP reply (RESP2; both have the same shape) holding events [from, from + n) as
 * stream entries with fields sensor, value, ts: byte for byte what Redis sends for such a read.
 */
export function readReplyBytes(events: KernelEvents, from: number, n: number, stream = 'sensors'): Buffer {
  const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  const parts: string[] = [`*1\r\n*2\r\n${bulk(stream)}*${n}\r\n`];
  for (let i = from; i < from + n; i++) {
    const ts = String(events.time[i]!);
    // Values as the load writes them: two decimals, the shortest text that round-trips.
    const value = events.value[i]!.toFixed(2);
    parts.push(`*2\r\n${bulk(`${ts}-${i}`)}*6\r\n${bulk('sensor')}${bulk(events.keyNames[events.keyIndex[i]!]!)}${bulk('value')}${bulk(value)}${bulk('ts')}${bulk(ts)}`);
  }
  return Buffer.from(parts.join(''), 'latin1');
}
