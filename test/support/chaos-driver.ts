// The chaos driver of the exactly-once tests: several `eddy run` processes of one job, and every
// fraction of a second one of them is killed (SIGKILL, then restarted) or paused (SIGSTOP until its
// lease has expired and a successor may have taken over, then SIGCONT: the zombie case).

import { startCli, type CliProcess } from './run-cli.js';
import { seededRandom } from '../../src/demo/seeded-random.js';

export interface ChaosOptions {
  readonly args: readonly string[];
  readonly processes: number;
  readonly leaseMs: number;
  /** Disruptions to make (kills + pauses). */
  readonly disruptions: number;
  /** Pause between disruptions, ms. */
  readonly everyMs: number;
  readonly seed: number;
}

export interface ChaosReport {
  readonly kills: number;
  readonly pauses: number;
  /** The processes alive at the end (stopped by the caller). */
  readonly survivors: CliProcess[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the disruptions; returns with `processes` running processes for the caller to stop. */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const random = seededRandom(o.seed);
  const procs: CliProcess[] = Array.from({ length: o.processes }, () => startCli(o.args, { timeoutMs: 180_000 }));
  let kills = 0;
  let pauses = 0;
  for (let d = 0; d < o.disruptions; d++) {
    await sleep(o.everyMs * (0.5 + random()));
    const i = Math.floor(random() * procs.length);
    const victim = procs[i]!;
    if (random() < 0.7) {
      victim.signal('SIGKILL');
      await victim.exited;
      procs[i] = startCli(o.args, { timeoutMs: 180_000 });
      kills++;
    } else {
      victim.signal('SIGSTOP');
      // Past the lease: another process may take its partitions and commit; the woken one must not.
      await sleep(o.leaseMs * 1.5);
      victim.signal('SIGCONT');
      pauses++;
    }
  }
  return { kills, pauses, survivors: procs };
}
