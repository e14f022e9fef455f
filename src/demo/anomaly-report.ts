// The demo's closing word on anomalies: how many readings the detector flagged, on which sensors
// (the spiking ones should dominate), and the strongest few with what was expected instead.

import type { Redis } from 'ioredis';
import { formatTable } from './results-table.js';

export async function anomalyReport(redis: Redis, stream: string, spiking: readonly string[], judged: number): Promise<string> {
  const entries = await redis.xrange(stream, '-', '+', 'COUNT', 100_000);
  const rows = entries.map(([, f]) => {
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < f.length; i += 2) m.set(f[i]!, f[i + 1]!);
    return m;
  });
  const bySensor = new Map<string, number>();
  for (const m of rows) bySensor.set(m.get('key')!, (bySensor.get(m.get('key')!) ?? 0) + 1);
  const onSpiking = rows.filter((m) => spiking.includes(m.get('key')!)).length;
  const strongest = [...rows]
    .sort((a, b) => Number(b.get('score')) - Number(a.get('score')) || Math.abs(Number(b.get('value')) - Number(b.get('expected'))) - Math.abs(Number(a.get('value')) - Number(a.get('expected'))))
    .slice(0, 6);
  const lines = [
    `Anomaly events in "${stream}": ${rows.length.toLocaleString('en-US')} of ${Math.round(judged).toLocaleString('en-US')} readings flagged, ` +
      `${onSpiking.toLocaleString('en-US')} of them on the spiking sensors (${spiking.join(', ')}).`,
    `Most flagged sensors: ${[...bySensor].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, n]) => `${k} ${n}`).join(', ')}.`,
  ];
  if (strongest.length > 0) {
    lines.push('', 'Strongest:');
    lines.push(
      formatTable(
        ['sensor', 'time (UTC)', 'value', 'expected', 'band', 'score', 'direction'],
        strongest.map((m) => [
          m.get('key')!,
          new Date(Number(m.get('time'))).toISOString().slice(11, 23),
          Number(m.get('value')).toFixed(2),
          Number(m.get('expected')).toFixed(2),
          `${Number(m.get('lower')).toFixed(2)} … ${Number(m.get('upper')).toFixed(2)}`,
          Number(m.get('score')).toFixed(4),
          m.get('direction')!,
        ]),
      ),
    );
  }
  return lines.join('\n');
}
