// `/metrics` (Prometheus), `/healthz` (the process answers) and `/readyz` (it holds at least one
// partition lease, or has nothing to hold yet because others hold them all, and Redis answers) on
// one port, for Kubernetes probes and a ServiceMonitor.

import { createServer, type Server } from 'node:http';
import type { ResolvedJob } from '../job/resolved-job.js';
import { batchLatencyText, jobMetrics } from './job-metrics.js';
import type { JobHandle } from './run-job.js';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** How long /readyz waits for Redis to answer PING. */
const READY_PING_MS = 1000;

/** Serves the job's metrics and health on `port` (0: any free port) of `host`. */
export async function startMetricsServer(job: ResolvedJob, handle: JobHandle, port: number, host = '0.0.0.0'): Promise<MetricsServer> {
  const registry = jobMetrics(job, handle);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'GET only\n');
    if (path === '/healthz') return reply(200, 'ok\n');
    if (path === '/readyz') {
      handle.redisReachable(READY_PING_MS).then(
        (reachable) => {
          const held = handle.progress().leases.held.length;
          if (!reachable) return reply(503, 'not ready: Redis does not answer PING\n');
          if (held === 0) return reply(503, 'not ready: this process holds no partition lease\n');
          return reply(200, `ready: ${held} partition(s) held\n`);
        },
        () => reply(503, 'not ready\n'),
      );
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => reply(200, text + batchLatencyText(job, handle), registry.contentType),
        (e: unknown) => reply(500, `metrics failed: ${(e as Error).message}\n`),
      );
      return;
    }
    reply(404, 'not found: try /metrics, /healthz or /readyz\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`metrics port ${port} is in use: pick another with --metrics-port / EDDY_METRICS_PORT`) : e),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
