// Runs `node bin/eddy.js …` as a user would: a child process with its own stdout/stderr, a hard
// timeout (the child is killed, never left behind), and signals on demand.

import { spawn, type ChildProcess } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { fileURLToPath } from 'node:url';

/** The repository root (bin/eddy.js is resolved against it). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EDDY_BIN = fileURLToPath(new URL('../../bin/eddy.js', import.meta.url));

/** Environment variables that would change what `eddy run` does behind the test's back. */
const INHERITED_OPTIONS = ['REDIS_URL', 'EDDY_DRAIN', 'EDDY_WORKERS', 'EDDY_PROGRESS_MS', 'EDDY_LEASE_MS', 'EDDY_METRICS_PORT', 'EDDY_TLS_CA_FILE', 'EDDY_WAIT_REPLICAS', 'EDDY_WAIT_TIMEOUT_MS'];

export interface CliOptions {
  /** Extra environment (REDIS_URL etc.); inherited eddy options are removed first. */
  readonly env?: Readonly<Record<string, string>>;
  /** The child is SIGKILLed after this long; the result says so. @default 60000 */
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

export interface CliResult {
  /** Exit code, or null when the child died of a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout's JSON log lines, parsed (non-JSON lines are skipped). */
  readonly logs: readonly LogLine[];
  /** The child outlived `timeoutMs` and was killed. */
  readonly timedOut: boolean;
}

export interface LogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [field: string]: unknown;
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Settles when the child has exited (or was killed on timeout). */
  readonly exited: Promise<CliResult>;
  stdout(): string;
  stderr(): string;
  logs(): LogLine[];
  /** Sends a signal to the child only (by its pid). */
  signal(sig: NodeJS.Signals): void;
  /** Resolves with the first log line that matches; rejects when the child exits first or after `timeoutMs`. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Starts `node bin/eddy.js <args>` and returns at once. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of INHERITED_OPTIONS) delete env[k];
  Object.assign(env, options.env ?? {});
  const child = spawn(process.execPath, [EDDY_BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 60_000);

  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', (e) => {
      clearTimeout(timer);
      running.delete(child);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout: out, stderr: err, logs: parseLogs(out), timedOut });
    });
  });
  exited.catch(() => {});
  // A test that fails before it stops its children must not leave them running: vitest ends a
  // worker without its process 'exit' handlers or timers, and a fresh-clone CI run found a
  // member still running 20 minutes after its test failed. Outside a test (a beforeAll) the
  // timeout and the exit handler above are what remain.
  try {
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  } catch {
    // not inside a test
  }

  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    logs: () => parseLogs(out),
    signal(sig) {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    },
    async waitForLog(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = parseLogs(out).find(match);
        if (found) return found;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`eddy exited (code ${child.exitCode}, signal ${child.signalCode}) before the expected log line\nstdout:\n${out}\nstderr:\n${err}`);
        }
        if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Runs `node bin/eddy.js <args>` to completion. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited;
}

/** The summary of the final `job finished` line; throws with the whole output when there is none. */
export function finishedSummary(result: CliResult): LogLine {
  const line = result.logs.find((l) => l.msg === 'job finished');
  if (!line) throw new Error(`no "job finished" line (exit ${result.code}, signal ${result.signal})\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return line;
}

/** A readable account of a run, for assertion messages. */
export function describeRun(result: CliResult): string {
  return `exit ${result.code} signal ${result.signal}${result.timedOut ? ' (timed out, killed)' : ''}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

function parseLogs(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(raw) as LogLine);
    } catch {
      // a line still being written
    }
  }
  return lines;
}
