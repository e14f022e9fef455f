// Live load for the latency benchmark: entries at a steady rate, event time = wall-clock time at
// production, in small pipelined bursts. A bulk load would measure how fast a backlog drains; this
// measures how long a result takes once its window could close. It writes through XaddSocket, not
// ioredis, so that the producer takes as little CPU as possible from the process being measured.
//
// The catch with stamping event time at production: an entry that waits in the producer's socket
// or in Redis' input buffer before it is added looks, to the latency benchmark, like eddy being
// slow. So the producer never lets more than `maxQueuedMs` worth of entries wait unanswered; when
// the machine cannot ingest the rate, the rate drops (and is reported) instead of the queue growing.

import { SENSOR_STREAM, sensorName, sensorValues } from './load-generator.js';
import type { EntryFields, XaddSocket } from './xadd-socket.js';

/** How to produce. */
export interface SteadyProducerOptions {
  /** Entries per second. */
  readonly rate: number;
  /** Distinct keys, round-robin. */
  readonly keys: number;
  /** @default 'sensors' */
  readonly stream?: string;
  /** Time between bursts, ms; Node timers are not precise below a few ms. @default 5 */
  readonly tickMs?: number;
  /**
   * Most entries written but not yet answered by Redis, as ms of production at `rate`. Beyond it
   * ticks are skipped and the schedule is not caught up later, so entries never queue for long.
   * @default 50
   */
  readonly maxQueuedMs?: number;
  /** @default 3 */
  readonly seed?: number;
}

/** What was produced. */
export interface SteadyProduction {
  /** Entries Redis has added (every write is answered before this returns). */
  readonly produced: number;
  /** Wall-clock time of the first and the last burst, ms since the epoch. */
  readonly startedAt: number;
  readonly stoppedAt: number;
  /** produced / (stoppedAt − startedAt): below the asked rate when Redis could not take it. */
  readonly achievedRate: number;
  /** Ticks skipped because `maxQueuedMs` worth of entries was still unanswered. */
  readonly skippedTicks: number;
}

/**
 * Produces at `rate` until `shouldStop(now, startedAt)` says so. Each burst carries what the
 * schedule owes since the previous one (timers fire late), up to the queue limit.
 */
export async function produceSteadily(socket: XaddSocket, o: SteadyProducerOptions, shouldStop: (now: number, startedAt: number) => boolean): Promise<SteadyProduction> {
  const stream = o.stream ?? SENSOR_STREAM;
  const tickMs = o.tickMs ?? 5;
  const maxQueued = Math.max(1, Math.ceil((o.rate * Math.max(o.maxQueuedMs ?? 50, tickMs)) / 1000));
  const names = Array.from({ length: o.keys }, (_, k) => sensorName(k));
  const value = sensorValues(o.keys, o.seed ?? 3);
  const inFlight = new Set<Promise<unknown>>();
  let failure: Error | undefined;
  let written = 0;
  let answered = 0;
  let forgiven = 0; // entries the schedule gave up on while the queue was full
  let skippedTicks = 0;
  let next = 0;
  const startedAt = Date.now();
  let stoppedAt = startedAt;
  for (;;) {
    const now = Date.now();
    if (failure) throw failure;
    if (shouldStop(now, startedAt)) break;
    const owed = Math.floor(((now - startedAt) * o.rate) / 1000) - written - forgiven;
    const room = maxQueued - (written - answered);
    if (room <= 0) {
      skippedTicks++;
      forgiven += Math.max(0, owed);
    } else if (owed > 0) {
      const due = Math.min(owed, room);
      forgiven += owed - due;
      const ts = String(now);
      const burst: EntryFields[] = new Array(due);
      for (let i = 0; i < due; i++) {
        const k = next++ % o.keys;
        burst[i] = ['sensor', names[k]!, 'value', value(k), 'ts', ts];
      }
      written += due;
      stoppedAt = now;
      const p: Promise<unknown> = socket.xadd(stream, burst).then(
        () => void (answered += due),
        (e: Error) => void (failure = e),
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  const seconds = Math.max(1, stoppedAt - startedAt) / 1000;
  return { produced: answered, startedAt, stoppedAt, achievedRate: answered / seconds, skippedTicks };
}
