import net from 'node:net';
import tls from 'node:tls';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { parseResp, RespError } from '../reference/resp-value.js';
import type { RedisEndpoint, RedisSeed } from './redis-url.js';
import { tlsOptions, TlsCaFileUnreadable } from './redis-tls.js';
import { AdaptiveReadCount } from './adaptive-read-count.js';

/** The connection was lost or stalled and has been re-established; replies in flight are gone. */
export class ReaderReconnected extends Error {
  override readonly name = 'ReaderReconnected';
}

export interface StreamReaderOptions {
  /** How long past a read's own BLOCK time a reply may take before the socket is presumed dead. @default 10000 */
  readonly watchdogMs?: number;
  /** Gives up reconnecting after this long without success. @default 60000 */
  readonly reconnectForMs?: number;
  /** One connection attempt (TCP, TLS, AUTH) may take this long: across a silent network partition a SYN is never answered. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** The most entries one read asks for (the job's batchSize); large entries make reads ask for fewer. @default 1000 */
  readonly batchSize?: number;
  /**
   * Where to connect, asked before every connection attempt: on a Redis Cluster, the master that
   * owns the stream's slot now (src/redis/cluster-read-target.ts). @default the endpoint's host and port
   */
  readonly locate?: () => Promise<RedisSeed>;
}

/**
 * A bare RESP2 connection for XREADGROUP only. ioredis would parse every reply into arrays of
 * Buffers (two arrays and seven Buffers per entry); here the socket's bytes are copied straight into
 * the partition's WASM input region and decoded there, so no JavaScript object exists per entry.
 *
 * Like BullMQ's blocking reads, every read races a watchdog: a half-open TCP connection would
 * otherwise leave a BLOCK read waiting forever.
 */
export class StreamReader {
  private socket: net.Socket | undefined;
  /** A socket still connecting or authenticating: close() must end it too. */
  private opening: net.Socket | undefined;
  private waiter: { resolve: (frameLen: number) => void; reject: (e: Error) => void } | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private outstanding = 0;
  private closed = false;
  private reconnecting: Promise<void> | undefined;
  private fatal: Error | undefined;
  private readonly watchdogMs: number;
  private readonly reconnectForMs: number;
  private readonly connectTimeoutMs: number;
  private readonly readCount: AdaptiveReadCount;
  private readonly locate: (() => Promise<RedisSeed>) | undefined;
  /** Where the socket is (or was last) connected: named in errors. */
  private at: string;

  constructor(
    private readonly endpoint: RedisEndpoint,
    private readonly kernel: PartitionKernel,
    private readonly name: string,
    options: StreamReaderOptions = {},
  ) {
    this.watchdogMs = options.watchdogMs ?? 10_000;
    this.reconnectForMs = options.reconnectForMs ?? 60_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.readCount = new AdaptiveReadCount(options.batchSize ?? 1000);
    this.locate = options.locate;
    this.at = endpoint.redacted;
  }

  /** The COUNT the next XREAD should ask for: the batch size, or fewer while entries are large. */
  get nextReadCount(): number {
    return this.readCount.next;
  }

  /** Opens the socket and authenticates; retries with backoff until `reconnectForMs`. */
  async connect(): Promise<void> {
    const deadline = Date.now() + this.reconnectForMs;
    let delay = 100;
    // Closed (the partition stopping) before or while connecting: no socket; send() and nextFrame()
    // then say the reader is closed, which a stopping partition expects.
    for (;;) {
      if (this.closed) return;
      try {
        const socket = await this.open();
        if (this.closed) {
          socket.destroy();
          return;
        }
        this.socket = socket;
        return;
      } catch (e) {
        if (this.closed) return;
        if (e instanceof TlsCaFileUnreadable) throw e;
        if (Date.now() + delay > deadline) {
          throw new Error(`cannot reach Redis at ${this.at} for reading: ${(e as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  private async open(): Promise<net.Socket> {
    const { host, port } = this.locate ? await this.locate() : this.endpoint;
    this.at = this.locate ? `${host}:${port} (cluster node of ${this.endpoint.redacted})` : this.endpoint.redacted;
    return new Promise((resolve, reject) => {
      // May throw (an unreadable CA file): the caller's retry loop reports it with the redacted URL.
      const socket = this.endpoint.tls ? tls.connect({ host, port, ...tlsOptions(this.endpoint) }) : net.connect({ host, port });
      this.opening = socket;
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 5000);
      const timeout = setTimeout(() => fail(new Error(`no connection within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
      timeout.unref();
      let handshake = Buffer.alloc(0);
      const replies: (Buffer | number | null)[] = [];
      const commands: string[][] = [];
      if (this.endpoint.password !== undefined) {
        commands.push(this.endpoint.username ? ['AUTH', this.endpoint.username, this.endpoint.password] : ['AUTH', this.endpoint.password]);
      }
      if (this.endpoint.db !== 0) commands.push(['SELECT', String(this.endpoint.db)]);
      commands.push(['CLIENT', 'SETNAME', this.name]);
      const fail = (e: Error): void => {
        clearTimeout(timeout);
        if (this.opening === socket) this.opening = undefined;
        socket.destroy();
        reject(e);
      };
      const onHandshake = (chunk: Buffer): void => {
        handshake = Buffer.concat([handshake, chunk]);
        for (;;) {
          const r = parseResp(handshake);
          if (!r) return;
          handshake = handshake.subarray(r.end);
          if (r.value instanceof RespError) {
            // The reply text never contains the password; the command that failed is named only by verb.
            fail(new Error(`Redis refused ${commands[replies.length]![0]} on ${this.endpoint.redacted}: ${r.value.message}`));
            return;
          }
          replies.push(r.value as Buffer);
          if (replies.length === commands.length) {
            clearTimeout(timeout);
            if (this.opening === socket) this.opening = undefined;
            socket.off('data', onHandshake);
            socket.off('error', fail);
            socket.on('data', (c: Buffer) => this.onData(c));
            socket.on('error', () => {});
            socket.on('close', () => this.onClose(socket));
            resolve(socket);
            return;
          }
        }
      };
      socket.once(this.endpoint.tls ? 'secureConnect' : 'connect', () => {
        socket.write(commands.map(encodeCommand).join(''));
      });
      socket.on('data', onHandshake);
      socket.on('error', fail);
      socket.once('close', () => fail(new Error('connection closed during handshake')));
    });
  }

  /** Sends one command; its reply arrives through `nextFrame`. `blockMs` arms the watchdog. */
  send(args: readonly string[], blockMs = 0): void {
    if (!this.socket || this.closed) throw new ReaderReconnected('reader is not connected');
    this.outstanding++;
    this.socket.write(encodeCommand(args));
    this.armWatchdog(blockMs);
  }

  /** Resolves with the byte length of the next complete reply, which sits at the start of the kernel's input. */
  nextFrame(): Promise<number> {
    if (this.fatal) return Promise.reject(this.fatal);
    const ready = this.kernel.pendingFrame();
    if (ready >= 0) return Promise.resolve(this.took(ready));
    if (this.outstanding === 0) return Promise.reject(new ReaderReconnected('no reply is coming: the connection was re-established'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  get inFlight(): number {
    return this.outstanding;
  }

  private took(frameLen: number): number {
    this.readCount.observe(frameLen);
    this.outstanding--;
    if (this.outstanding === 0) this.disarmWatchdog();
    return frameLen;
  }

  private onData(chunk: Buffer): void {
    let frame: number;
    try {
      frame = this.kernel.appendInput(chunk);
    } catch (e) {
      // Nothing more of this connection can be framed: fail the partition, do not reconnect.
      this.fatal = e as Error;
      this.closed = true;
      this.waiter?.reject(this.fatal);
      this.waiter = undefined;
      this.socket?.destroy();
      return;
    }
    if (frame >= 0 && this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve(this.took(frame));
    }
  }

  private armWatchdog(blockMs: number): void {
    this.disarmWatchdog();
    this.watchdog = setTimeout(() => {
      this.socket?.destroy(new Error(`no reply within ${blockMs + this.watchdogMs} ms`));
    }, blockMs + this.watchdogMs);
    this.watchdog.unref();
  }

  private disarmWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  /**
   * Drops the connection and connects again, finding the stream's node anew (`locate`): the node
   * answered MOVED (the slot has another master now, after a failover or a resharding). Replies in
   * flight are gone, as after a lost connection.
   */
  relocate(why: string): void {
    const socket = this.socket;
    if (!socket || this.closed) return;
    this.lost(`${this.at} ${why}; replies in flight are gone`);
    socket.destroy();
  }

  private onClose(socket: net.Socket): void {
    if (socket !== this.socket) return;
    this.lost(`lost the connection to ${this.at}; replies in flight are gone`);
  }

  private lost(message: string): void {
    this.disarmWatchdog();
    this.socket = undefined;
    this.outstanding = 0;
    this.kernel.resetInput();
    if (this.closed) {
      this.waiter?.reject(new ReaderReconnected('reader closed'));
      this.waiter = undefined;
      return;
    }
    this.waiter?.reject(new ReaderReconnected(message));
    this.waiter = undefined;
    this.reconnecting = this.connect().then(
      () => void (this.reconnecting = undefined),
      (e: Error) => void (this.fatal = e),
    );
  }

  /** Settles once the connection is usable again; rejects when reconnecting gave up. */
  async ready(): Promise<void> {
    await this.reconnecting;
    if (this.fatal) throw this.fatal;
  }

  /** Closes the socket; entries delivered to it but not yet committed stay pending and are read again by the partition's next owner. */
  close(): void {
    this.closed = true;
    this.disarmWatchdog();
    this.socket?.destroy();
    this.opening?.destroy();
  }
}

/** RESP2 encoding of a command as an array of bulk strings. */
export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}
