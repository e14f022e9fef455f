// Reading one option of a job definition that arrived unchecked (a JavaScript job file, or one that
// was never type-checked): an object, a non-empty string, a duration, no misspelt keys, a default
// only when absent. Apart from resolve-job.ts because the window and aggregate resolvers read their
// options the same way, and every refusal must name the option in the same words.

import { durationMs } from './duration.js';
import { JobDefinitionError } from './job-definition-error.js';
import { nearestName } from '../text/edit-distance.js';

/** Refuses the option: throws a JobDefinitionError naming it and what is wrong. */
export type Fail = (option: string, problem: string) => never;

/** Only an absent option takes its default; null is a value, and refused like any wrong one. */
export function orDefault(v: unknown, fallback: unknown): unknown {
  return v === undefined ? fallback : v;
}

export function asRecord(v: unknown, job: string, option: string, problem: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new JobDefinitionError(job, option, problem);
  return v as Record<string, unknown>;
}

export function nonEmptyString(v: unknown, option: string, fail: Fail): string {
  if (typeof v !== 'string' || v.length === 0) return fail(option, `must be a non-empty string (got ${JSON.stringify(v)})`);
  return v;
}

export function nonNegativeDuration(v: unknown, option: string, fail: Fail): number {
  const ms = durationMs(v);
  if (ms === undefined || ms < 0) return fail(option, `must be a duration like '2s' or 2000 (got ${JSON.stringify(v)})`);
  return ms;
}

/** Refuses a key not in `allowed`, suggesting the nearest known one. */
export function rejectUnknown(obj: Record<string, unknown>, allowed: readonly string[], prefix: string, fail: Fail): void {
  for (const k of Object.keys(obj)) {
    if (allowed.includes(k)) continue;
    const near = nearestName(k, allowed);
    fail(`${prefix}${k}`, `is not an option${near ? ` — did you mean "${prefix}${near}"?` : ` (known: ${allowed.join(', ')})`}`);
  }
}
