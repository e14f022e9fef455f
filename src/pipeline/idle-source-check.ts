// A stream deleted, or a group destroyed, while no entries arrive would go unnoticed (a blocked
// XREAD on a missing key just waits), so an empty read checks, at most once a second; a commit
// finds it out by itself (SourceGone). Redis being unreachable is the reader's and the commits'
// business, not this check's. Apart from the runner because it keeps its own clock (the last
// check) and swallows every error but one, which the read loop should not have to read past.

import type { ResolvedJob } from '../job/resolved-job.js';
import type { Committer } from './batch-commit.js';
import { checkSource, SourceGone } from '../redis/source-check.js';

/** Checks, when a partition's reads come back empty, that its stream and group still exist. */
export class IdleSourceCheck {
  /** When an idle read last checked that the stream and group still exist. */
  private checkedAt = -Infinity;

  constructor(
    private readonly committer: Committer,
    private readonly job: ResolvedJob,
    private readonly stream: string,
  ) {}

  /** Throws SourceGone when the stream or group is gone; at most one check a second. */
  async check(now: number): Promise<void> {
    if (now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    const { committer, job } = this;
    try {
      await checkSource(committer, job.name, this.stream, job.group);
    } catch (e) {
      if (e instanceof SourceGone) throw e;
    }
  }
}
