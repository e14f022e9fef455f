// The summary the suite ends with: where it ran, and one table of medians and ratios.

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { EndToEndReport } from './end-to-end.js';
import type { KernelReport } from './kernels.js';
import type { LatencyReport } from './latency.js';
import { formatMiB, formatRate } from './sample-stats.js';

/** Node, OS, CPUs and Redis: figures from different machines are not comparable, so every report says where it ran. */
export function machineLine(): string {
  const cpus = os.cpus();
  const redis = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout?.match(/v=(\S+)/)?.[1] ?? '?';
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, redis-server ${redis}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;
}

/** The one table at the end. */
export function summaryTable(k: KernelReport | undefined, e: EndToEndReport | undefined, l: LatencyReport | undefined): string[] {
  const rows: string[] = ['| what | eddy | baseline | eddy ÷ baseline |', '|---|---|---|---|'];
  if (k) {
    const [wasm, reference, idiomatic] = k.windows;
    if (wasm && reference && idiomatic) {
      rows.push(`| window kernel, events/s | ${formatRate(wasm.eventsPerSecond)} (WASM) | ${formatRate(idiomatic.eventsPerSecond)} idiomatic JS / ${formatRate(reference.eventsPerSecond)} TS reference | ${(wasm.eventsPerSecond / idiomatic.eventsPerSecond).toFixed(1)}× / ${(wasm.eventsPerSecond / reference.eventsPerSecond).toFixed(1)}× |`);
    }
    const [wasmDecode, ...others] = k.decode;
    for (const other of others) {
      if (wasmDecode) rows.push(`| decode 1000-entry reply, entries/s | ${formatRate(wasmDecode.eventsPerSecond)} (WASM) | ${formatRate(other.eventsPerSecond)} ${other.name.replace(/ \(.*/, '')} | ${(wasmDecode.eventsPerSecond / other.eventsPerSecond).toFixed(1)}× |`);
    }
  }
  if (e) {
    rows.push(`| end to end, events/s, wall (spawn → exit) | ${formatRate(e.eddy.wallRate)} | ${formatRate(e.plain.wallRate)} plain consumer | ${e.ratioWall.toFixed(2)}× |`);
    rows.push(`| end to end, events/s, own elapsed | ${formatRate(e.eddy.childRate)} | ${formatRate(e.plain.childRate)} plain consumer | ${e.ratioChild.toFixed(2)}× |`);
    rows.push(`| peak RSS | ${formatMiB(e.eddy.maxRssBytes)} | ${formatMiB(e.plain.maxRssBytes)} | ${(e.eddy.maxRssBytes / e.plain.maxRssBytes).toFixed(2)}× |`);
    rows.push(`| Redis CPU per 1000 entries | ${e.eddy.redisCpuMsPer1k.toFixed(2)} ms | ${e.plain.redisCpuMsPer1k.toFixed(2)} ms | ${(e.eddy.redisCpuMsPer1k / e.plain.redisCpuMsPer1k).toFixed(2)}× |`);
    rows.push(`| Redis ceiling (XRANGE COUNT 1000), entries/s | | walk ${formatRate(e.ceiling.walk.entriesPerSecond)}${e.ceiling.benchmark ? `, redis-benchmark ${formatRate(e.ceiling.benchmark.entriesPerSecond)}` : ''} | ${(e.eddy.childRate / e.ceiling.walk.entriesPerSecond).toFixed(2)}× of walk |`);
  }
  if (l) {
    const c = l.fromClose;
    const a = l.fromArrival;
    rows.push(`| latency at ${formatRate(l.production.achievedRate)}, p50 / p99 / max from window close | ${c.p50Ms} / ${c.p99Ms} / ${c.maxMs} ms | budget p99 ≤ ${l.budgetMs} ms | ${l.withinBudget ? 'within' : '**over**'} (${(c.p99Ms / l.budgetMs).toFixed(1)}× budget) |`);
    rows.push(`| latency from the closing entry's arrival in Redis | ${a.p50Ms} / ${a.p99Ms} / ${a.maxMs} ms | | ${(a.p99Ms / l.budgetMs).toFixed(1)}× budget |`);
  }
  return rows;
}
