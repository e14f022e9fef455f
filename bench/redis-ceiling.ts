// What Redis itself can serve, measured on the same server and data as the consumers: the ceiling
// no consumer on this machine can pass. Two views of it:
//   - a raw-socket walk of the whole stream with XRANGE … COUNT 1000, where the client only frames
//     the reply and picks the last ID (no objects per entry), so Redis is the bottleneck;
//   - redis-benchmark (C, 50 connections as in DESIGN.md's table) repeating one XRANGE COUNT 1000,
//     when it is installed.

import { spawnSync } from 'node:child_process';
import net from 'node:net';

/** The result of walking a stream page by page. */
export interface XrangeWalk {
  readonly entries: number;
  readonly pages: number;
  readonly elapsedMs: number;
  readonly entriesPerSecond: number;
}

/**
 * Reads the whole stream with XRANGE COUNT `count` pages over one raw connection. One page is in
 * flight at a time, because the next page starts after the last ID of this one.
 */
export async function xrangeWalk(port: number, stream: string, count = 1000): Promise<XrangeWalk> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buf: Buffer = Buffer.alloc(0);
  let waiter: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    waiter?.();
  });
  const send = (args: string[]): void => {
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  };
  try {
    const started = performance.now();
    let entries = 0;
    let pages = 0;
    let from = '-';
    for (;;) {
      send(['XRANGE', stream, from, '+', 'COUNT', String(count)]);
      let page: XrangePage | undefined;
      while ((page = scanXrangeReply(buf)) === undefined) await new Promise<void>((r) => (waiter = r));
      buf = buf.subarray(page.length);
      pages++;
      if (page.entries === 0) break;
      entries += page.entries;
      from = `(${page.lastId}`;
    }
    const elapsedMs = performance.now() - started;
    return { entries, pages, elapsedMs, entriesPerSecond: (entries * 1000) / elapsedMs };
  } finally {
    socket.destroy();
  }
}

interface XrangePage {
  readonly length: number;
  readonly entries: number;
  readonly lastId: string;
}

/**
 * Frames one XRANGE reply at the start of `buf`, or undefined while incomplete. Only headers are
 * read; bulk payloads are skipped by length. The ID of an entry is the first bulk string inside it.
 */
function scanXrangeReply(buf: Buffer): XrangePage | undefined {
  let pos = 0;
  // Digits by hand: a toString + Number per header would make the client, not Redis, the bottleneck.
  const header = (): number => {
    let i = pos + 1;
    let n = 0;
    for (let c = buf[i]; c !== 13; c = buf[++i]) {
      if (c === undefined) return -1;
      n = n * 10 + c - 48;
    }
    if (i + 1 >= buf.length) return -1;
    pos = i + 2;
    return n;
  };
  if (buf.length === 0) return undefined;
  if (buf[0] === 0x2d) throw new Error(`XRANGE failed: ${buf.toString('latin1', 1, buf.indexOf(13))}`);
  const entries = header();
  if (entries < 0) return undefined;
  let lastId = '';
  for (let e = 0; e < entries; e++) {
    if (header() < 0) return undefined; // *2
    const idLen = header();
    if (idLen < 0 || pos + idLen + 2 > buf.length) return undefined;
    if (e === entries - 1) lastId = buf.toString('latin1', pos, pos + idLen);
    pos += idLen + 2;
    const fields = header();
    if (fields < 0) return undefined;
    for (let f = 0; f < fields; f++) {
      const len = header();
      if (len < 0 || pos + len + 2 > buf.length) return undefined;
      pos += len + 2;
    }
  }
  return { length: pos, entries, lastId };
}

/** redis-benchmark's view: requests/s of one XRANGE COUNT `count`, times `count` entries. */
export interface RedisBenchmarkXrange {
  readonly requestsPerSecond: number;
  readonly entriesPerSecond: number;
  readonly clients: number;
}

/**
 * Runs redis-benchmark with `requests` XRANGE - + COUNT `count` over `clients` connections; undefined
 * when redis-benchmark is not installed (the raw walk still gives a ceiling).
 */
export function redisBenchmarkXrange(port: number, stream: string, count = 1000, requests = 3000, clients = 50): RedisBenchmarkXrange | undefined {
  const run = spawnSync(
    'redis-benchmark',
    ['-h', '127.0.0.1', '-p', String(port), '-c', String(clients), '-n', String(requests), '--csv', 'XRANGE', stream, '-', '+', 'COUNT', String(count)],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.error !== undefined) return undefined;
  // CSV: a header line, then "<test>","<rps>",… per test.
  const row = run.stdout.split('\n').find((l) => l.startsWith('"XRANGE'));
  const rps = Number(row?.split(',')[1]?.replaceAll('"', ''));
  if (run.status !== 0 || !Number.isFinite(rps)) throw new Error(`redis-benchmark gave no XRANGE figure (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return { requestsPerSecond: rps, entriesPerSecond: rps * count, clients };
}
