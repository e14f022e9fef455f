// A throwaway redis-server that speaks TLS only (`--port 0 --tls-port <free>`), with a CA and a
// server certificate for 127.0.0.1 made by openssl at test time in a temporary directory. A
// redis-server built without TLS refuses `--tls-port` and exits: the start fails saying so.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { Redis } from 'ioredis';
import { freePort } from '../../src/redis/throwaway-server.js';

export interface TlsRedis {
  readonly port: number;
  readonly dir: string;
  /** PEM file of the CA that signed the server's certificate. */
  readonly caFile: string;
  /** An ioredis client over TLS, trusting the CA. */
  readonly redis: Redis;
  stop(): Promise<void>;
}

/** CA + server certificate (subjectAltName IP:127.0.0.1, DNS:localhost), valid for two days. */
function makeCertificates(dir: string): void {
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=eddy test CA');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext');
}

export async function startTlsRedis(options: { readonly password?: string } = {}): Promise<TlsRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-tls-redis-'));
  makeCertificates(dir);
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
      '--tls-cert-file', join(dir, 'server.crt'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.crt'),
      '--tls-auth-clients', 'no',
      ...(options.password !== undefined ? ['--requirepass', options.password] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const ca = readFileSync(join(dir, 'ca.crt'));
  await waitForTlsPing(port, ca, () => child.exitCode !== null, () => output);
  const redis = new Redis({ host: '127.0.0.1', port, tls: { ca }, maxRetriesPerRequest: 1, ...(options.password !== undefined ? { password: options.password } : {}) });
  redis.on('error', () => {});
  await redis.ping();
  return {
    port,
    dir,
    caFile: join(dir, 'ca.crt'),
    redis,
    stop: async () => {
      redis.disconnect();
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForTlsPing(port: number, ca: Buffer, exited: () => boolean, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited()) throw new Error(`redis-server exited before accepting TLS connections:\n${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port, ca }, () => s.write('PING\r\n'));
      s.once('data', (d) => {
        s.destroy();
        resolve(/^(\+PONG|-NOAUTH)/.test(d.toString()));
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on TLS port ${port} did not answer within 10 s:\n${output()}`);
}
