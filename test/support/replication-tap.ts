// A fake replica: it sends SYNC to a redis-server and records the replication stream — exactly the
// commands a real replica would apply, in order — so a test can see how a script's writes travel
// to replicas (and so how a failover can lose them: whole blocks, or not at all).

import net from 'node:net';
import { parseResp, type RespValue } from '../../src/reference/resp-value.js';

export interface ReplicationTap {
  /** Every command received after the initial snapshot, as text arguments. */
  commands(): string[][];
  close(): void;
}

/** Connects to `port` as a replica (SYNC) and records what the master sends after its RDB snapshot. */
export async function tapReplication(port: number): Promise<ReplicationTap> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let buffer = Buffer.alloc(0);
  let snapshotLeft: number | undefined;
  const commands: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write('*1\r\n$4\r\nSYNC\r\n');
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (snapshotLeft === undefined) {
        // Newlines keep the link alive while the master writes its snapshot; then `$<len>\r\n<rdb>`.
        while (buffer[0] === 0x0a) buffer = buffer.subarray(1);
        const crlf = buffer.indexOf('\r\n');
        if (buffer[0] !== 0x24 || crlf < 0) return;
        snapshotLeft = Number(buffer.subarray(1, crlf).toString());
        buffer = buffer.subarray(crlf + 2);
      }
      if (snapshotLeft > 0) {
        const skip = Math.min(snapshotLeft, buffer.length);
        snapshotLeft -= skip;
        buffer = buffer.subarray(skip);
        if (snapshotLeft > 0) return;
      }
      const parsed = parseResp(buffer);
      if (!parsed) return;
      buffer = buffer.subarray(parsed.end);
      commands.push((parsed.value as RespValue[]).map((v) => (v as Buffer).toString('latin1')));
    }
  });
  socket.on('error', () => {});
  return { commands: () => commands, close: () => void socket.destroy() };
}
