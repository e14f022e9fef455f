// Per wasm function costs from a callgrind run of bench/hopping-cache-sim.ts: callgrind sees V8's
// generated code as bare addresses, so its per-instruction costs (--dump-instr=yes
// --dump-line=no) are mapped to functions through V8's perf map (--perf-basic-prof writes
// /tmp/perf-<pid>.map; valgrind keeps node's pid). Release builds compiled with --debug keep the
// function names.
//
//   npx tsx bench/callgrind-wasm.ts callgrind.out /tmp/perf-<pid>.map

import { readFileSync } from 'node:fs';

interface Range { start: number; length: number; name: string }

function readRanges(path: string): Range[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [a, l, ...name] = line.split(' ');
    return { start: parseInt(a!, 16), length: parseInt(l!, 16), name: name.join(' ') };
  }).sort((x, y) => x.start - y.start);
}

/** Costs per instruction address, and the event names (Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw). */
function readCosts(path: string): { events: string[]; byAddress: Map<number, number[]> } {
  let events: string[] = [];
  const byAddress = new Map<number, number[]>();
  let last = 0;
  let skipNext = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('events:')) { events = line.split(/\s+/).slice(1); continue; }
    if (line.startsWith('calls=')) { skipNext = true; continue; }
    const c = line[0];
    if (c === undefined || !(/[0-9+*-]/.test(c))) continue;
    const parts = line.split(/\s+/);
    const p = parts[0]!;
    // Positions are absolute (0x…), relative (+n, -n) or the same as the last one (*).
    const address = p === '*' ? last : p[0] === '+' ? last + Number(p.slice(1)) : p[0] === '-' ? last - Number(p.slice(1)) : Number(p);
    last = address;
    // The line after calls= is the call's inclusive cost, already counted in the callee.
    if (skipNext) { skipNext = false; continue; }
    const values = events.map((_, i) => Number(parts[i + 1] ?? 0));
    const sum = byAddress.get(address);
    byAddress.set(address, sum ? sum.map((v, i) => v + values[i]!) : values);
  }
  return { events, byAddress };
}

function main(): void {
  const [outPath, mapPath] = process.argv.slice(2);
  if (!outPath || !mapPath) throw new Error('usage: callgrind-wasm.ts callgrind.out perf-<pid>.map');
  const ranges = readRanges(mapPath).filter((r) => r.name.endsWith('-turbofan'));
  const { events, byAddress } = readCosts(outPath);
  const totals = new Map<string, number[]>();
  for (const [address, costs] of byAddress) {
    // The last wasm function whose code range holds the address (few ranges: a linear scan will do).
    const r = ranges.filter((x) => x.start <= address && address < x.start + x.length).pop();
    const name = r ? r.name.replace(/^JS:/, '').replace(/-\d+-turbofan$/, '') : '(not wasm)';
    const sum = totals.get(name);
    totals.set(name, sum ? sum.map((v, i) => v + costs[i]!) : costs);
  }
  const columns = ['Ir', 'D1mr', 'D1mw', 'DLmr', 'DLmw'].filter((e) => events.includes(e));
  const at = columns.map((e) => events.indexOf(e));
  const wasm = new Array<number>(events.length).fill(0);
  const rows = [...totals].filter(([name]) => name !== '(not wasm)').sort((a, b) => b[1][0]! - a[1][0]!);
  for (const [, costs] of rows) costs.forEach((v, i) => (wasm[i]! += v));
  console.log(['function'.padEnd(48), ...columns.map((c) => c.padStart(12))].join(''));
  for (const [name, costs] of [...rows, ['all wasm', wasm] as [string, number[]]]) {
    if (costs[0]! < 1e6 && name !== 'all wasm') continue;
    console.log([name.slice(0, 47).padEnd(48), ...at.map((i) => String(costs[i]).padStart(12))].join(''));
  }
}

main();
