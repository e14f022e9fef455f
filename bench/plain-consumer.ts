// The baseline: the consumer a Node developer would write by hand for examples/sensor-stats.ts, with
// the same semantics (tumbling 10 s windows, watermark = max event time − 2 s, count/sum/min/max/mean
// per sensor and window, XADD results and XACK the batch in one MULTI). Written the way a competent
// user would: one ioredis connection, string replies, Number(), Maps of window objects. Not made
// slow on purpose, not tuned either — it is the yardstick eddy has to beat.
//
// Run as a child process so its peak RSS is its own:
//   tsx bench/plain-consumer.ts <redisUrl> [group]
// It reads `sensors` from the start of the group until a read comes back empty (end of input), flushes
// every open window, and prints one JSON line {entries, results, late, elapsedMs, maxRssBytes}.

import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';

/** Where the plain consumer reads and writes; its group is separate from eddy's so both can run on one stream. */
export const PLAIN_CONSUMER = {
  stream: 'sensors',
  group: 'plain-consumer',
  output: 'plain:out',
  windowMs: 10_000,
  outOfOrdernessMs: 2_000,
  count: 1000,
} as const;

/** The final line the plain consumer prints. */
export interface PlainConsumerReport {
  readonly entries: number;
  readonly results: number;
  readonly late: number;
  readonly elapsedMs: number;
  readonly maxRssBytes: number;
}

interface Window {
  count: number;
  sum: number;
  min: number;
  max: number;
}

type StreamReply = [stream: string, entries: [id: string, fields: string[]][]][] | null;

/** Reads the whole stream once through the group and writes every window result; see the file comment. */
export async function runPlainConsumer(redisUrl: string, group: string = PLAIN_CONSUMER.group): Promise<PlainConsumerReport> {
  const { stream, output, windowMs, outOfOrdernessMs, count } = PLAIN_CONSUMER;
  const redis = new Redis(redisUrl);
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((e: Error) => {
      if (!e.message.startsWith('BUSYGROUP')) throw e;
    });
    const windows = new Map<string, Map<number, Window>>();
    let maxTs = -Infinity;
    let watermark = -Infinity;
    // Windows are aligned, so they can only close when the watermark crosses a window boundary;
    // scanning every key's windows after every batch would cost as much as the events themselves.
    let closedBefore = -Infinity;
    let entries = 0;
    let results = 0;
    let late = 0;

    const emit = (tx: ReturnType<Redis['multi']>, key: string, start: number, w: Window): void => {
      tx.xadd(output, '*', 'key', key, 'start', String(start), 'end', String(start + windowMs), 'count', String(w.count),
        'sum', String(w.sum), 'min', String(w.min), 'max', String(w.max), 'mean', String(w.sum / w.count));
      results++;
    };
    const closeUpTo = (tx: ReturnType<Redis['multi']>, wm: number): void => {
      for (const [key, byStart] of windows) {
        for (const [start, w] of byStart) {
          if (start + windowMs <= wm) {
            emit(tx, key, start, w);
            byStart.delete(start);
          }
        }
        if (byStart.size === 0) windows.delete(key);
      }
    };

    const started = performance.now();
    for (;;) {
      const reply = (await redis.xreadgroup('GROUP', group, 'plain', 'COUNT', count, 'STREAMS', stream, '>')) as StreamReply;
      const batch = reply?.[0]?.[1] ?? [];
      const tx = redis.multi();
      if (batch.length === 0) {
        // End of input: every open window is final now.
        closeUpTo(tx, Infinity);
        checkExec(await tx.exec());
        break;
      }
      const ids: string[] = [];
      for (const [id, fields] of batch) {
        ids.push(id);
        let sensor: string | undefined;
        let value = NaN;
        let ts = NaN;
        for (let i = 0; i + 1 < fields.length; i += 2) {
          if (fields[i] === 'sensor') sensor = fields[i + 1];
          else if (fields[i] === 'value') value = Number(fields[i + 1]);
          else if (fields[i] === 'ts') ts = Number(fields[i + 1]);
        }
        // The benchmark load has no bad entries; a real consumer would dead-letter these.
        if (sensor === undefined || !Number.isFinite(value) || !Number.isFinite(ts)) continue;
        entries++;
        const start = ts - (((ts % windowMs) + windowMs) % windowMs);
        if (start + windowMs <= watermark) {
          late++;
          continue;
        }
        let byStart = windows.get(sensor);
        if (!byStart) windows.set(sensor, (byStart = new Map()));
        const w = byStart.get(start);
        if (w) {
          w.count++;
          w.sum += value;
          if (value < w.min) w.min = value;
          if (value > w.max) w.max = value;
        } else {
          byStart.set(start, { count: 1, sum: value, min: value, max: value });
        }
        if (ts > maxTs) {
          maxTs = ts;
          watermark = maxTs - outOfOrdernessMs;
        }
      }
      const boundary = Math.floor(watermark / windowMs) * windowMs;
      if (boundary > closedBefore) {
        closeUpTo(tx, watermark);
        closedBefore = boundary;
      }
      tx.xack(stream, group, ...ids);
      checkExec(await tx.exec());
    }
    const elapsedMs = performance.now() - started;
    return { entries, results, late, elapsedMs, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  } finally {
    redis.disconnect();
  }
}

/** EXEC answers per command; a failed XADD would otherwise pass unnoticed and the result counts would lie. */
function checkExec(replies: [Error | null, unknown][] | null): void {
  if (replies === null) throw new Error('MULTI was aborted');
  const failed = replies.find(([e]) => e !== null);
  if (failed) throw failed[0]!;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [url, group] = process.argv.slice(2);
  if (url === undefined) {
    process.stderr.write('usage: tsx bench/plain-consumer.ts <redisUrl> [group]\n');
    process.exit(2);
  }
  runPlainConsumer(url, group).then(
    (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
    (e: unknown) => {
      process.stderr.write(`plain consumer: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
