// Running a contender as a child process and timing it from the outside: spawn to exit is what a
// user waits for, start-up included, and the child's own report says how much of it was work.

import { spawn, type ChildProcess } from 'node:child_process';

/** How a timed child ended. */
export interface ChildRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Spawn to exit, measured by the parent, ms. */
  readonly wallMs: number;
  /** Every stdout line that parsed as a JSON object, in order. */
  readonly jsonLines: readonly Record<string, unknown>[];
  /** The last 4 KB of stderr, for the error message when it failed. */
  readonly stderrTail: string;
}

/** A running child whose JSON stdout lines are collected as they come. */
export interface RunningChild {
  readonly child: ChildProcess;
  /** Resolves when a JSON line satisfying `match` has been printed (or rejects when the child exits first). */
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Settles when the child has exited. */
  readonly exited: Promise<ChildRun>;
}

/** Spawns `command args…` with stdout parsed line by line as JSON; non-JSON lines are ignored. */
export function spawnJsonChild(command: string, args: readonly string[], cwd: string = process.cwd()): RunningChild {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  const jsonLines: Record<string, unknown>[] = [];
  const watchers: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let partial = '';
  let stderrTail = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const text of lines) {
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        continue;
      }
      if (typeof line !== 'object' || line === null) continue;
      const obj = line as Record<string, unknown>;
      jsonLines.push(obj);
      for (let i = watchers.length - 1; i >= 0; i--) {
        if (watchers[i]!.match(obj)) watchers.splice(i, 1)[0]!.resolve(obj);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-4096)));
  const exited = new Promise<ChildRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal, wallMs: performance.now() - started, jsonLines, stderrTail }));
  });
  return {
    child,
    exited,
    waitForLine: (match) => {
      const seen = jsonLines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        watchers.push({ match, resolve });
        exited.then(
          (run) => reject(new Error(`${command} ${args.join(' ')} exited (code ${run.exitCode}) before printing the expected line:\n${run.stderrTail}`)),
          reject,
        );
      });
    },
  };
}

/** Runs a child to completion; rejects unless it exits 0, with its stderr in the message. */
export async function runJsonChild(command: string, args: readonly string[], cwd: string = process.cwd()): Promise<ChildRun> {
  const run = await spawnJsonChild(command, args, cwd).exited;
  if (run.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${run.exitCode ?? run.signal}:\n${run.stderrTail}`);
  return run;
}
