import type { ResolvedJob } from '../job/resolved-job.js';
import { STATUS_KEY_LIMIT, STATUS_WINDOW_LIMIT } from '../wasm/layout.js';

/**
 * The dead-letter `detail` of an entry the kernel refused for a state limit (status
 * STATUS_KEY_LIMIT / STATUS_WINDOW_LIMIT, set while processing: assembly/state-limits.ts), or
 * undefined for any other status (a decode verdict, re-derived with the reference decoder).
 */
export function stateLimitDetail(status: number, job: Pick<ResolvedJob, 'maxKeys' | 'maxOpenWindows' | 'window'>): string | undefined {
  if (status === STATUS_KEY_LIMIT) return `maxKeys ${job.maxKeys} reached: the partition already holds state for ${job.maxKeys} keys`;
  if (status === STATUS_WINDOW_LIMIT) {
    const kind = job.window?.kind;
    const what = kind === 'session' ? 'sessions' : kind === 'hopping' ? 'panes' : kind === 'rolling' ? 'slots (its window and its events waiting for the watermark)' : 'windows';
    return `maxOpenWindows ${job.maxOpenWindows} reached: the key already has ${job.maxOpenWindows} open ${what}`;
  }
  return undefined;
}
