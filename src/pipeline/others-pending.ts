import type { RedisClient } from '../redis/command-connection.js';
import type { PositionNotice } from './partition-notice.js';
import { compareEntryIds } from '../redis/entry-id.js';
import type { GroupPending } from '../redis/group-start.js';
import { fieldsOf } from '../redis/reply-fields.js';

/** The consumer group a reader starts in, on one stream. */
export interface PendingGroup {
  readonly redis: RedisClient;
  readonly stream: string;
  readonly group: string;
  /** Idle time after which a consumer holding pending entries is taken for gone (job option abandonedPendingAfter). */
  readonly abandonedPendingMs: number;
}

/** Where a reader starts (a partition's readPosition, the repartition stage's repartitionStart). */
export interface PendingStart {
  /** Reading resumes after this entry ID. */
  readonly id: string;
  /** No checkpoint of its own yet: the start was the group's to decide (readGroupStart). */
  readonly firstRun: boolean;
  readonly othersPending?: GroupPending;
  readonly rewoundFrom?: string;
}

/**
 * Entries another consumer of the group left pending (delivered, never acknowledged) are read by
 * eddy's first run, which starts before the oldest of them (readGroupStart) — a partition's, or the
 * repartition stage's on its source. Once the read position has passed the newest, they are
 * acknowledged (XACK: the group's bookkeeping only — eddy reads by position, so this changes
 * nothing it reads) and the consumers that held them are deleted once their pending lists are
 * empty, as the group's own position now covers them.
 */
export class OthersPending {
  private retired = false;
  private retiring: Promise<void> = Promise.resolve();

  /**
   * For a reader starting at `position`: says what happens to the entries others left pending
   * (read from the oldest: 'pending-rewound'; left to active consumers: 'pending-left', first run
   * only) and, when the committed position is already past them (a run read them and stopped before
   * acknowledging), acknowledges them now.
   */
  static atStart(at: PendingGroup, position: PendingStart, notify: (n: PositionNotice) => void): OthersPending {
    const { group, abandonedPendingMs } = at;
    const pending = position.othersPending;
    if (position.rewoundFrom !== undefined && pending !== undefined) {
      notify({ cause: 'pending-rewound', detail: `${pending.count} entries of group ${group} are pending (delivered to ${pending.consumers.join(', ')}, never acknowledged) from ${pending.first}: reading from there, not from the group's last-delivered ID ${position.rewoundFrom}` });
    }
    if (pending !== undefined && pending.live.length > 0 && position.rewoundFrom === undefined && position.firstRun) {
      const live = pending.live.map((c) => `${c.name} (idle ${c.idleMs} ms)`).join(', ');
      notify({ cause: 'pending-left', detail: `${pending.count} entries of group ${group} from ${pending.first} to ${pending.last} are pending with consumers active within abandonedPendingAfter (${abandonedPendingMs} ms): ${live}; they are left to them, and eddy reads after the group's last-delivered ID` });
    }
    const others = new OthersPending(at, pending, (detail) => notify({ cause: 'pending-retired', detail }));
    others.passed(position.id);
    return others;
  }

  constructor(
    private readonly at: PendingGroup,
    private readonly pending: GroupPending | undefined,
    private readonly tell: (detail: string) => void,
  ) {}

  /** The read position moved to `id`: retires the pending entries once it is past the newest (at most once). */
  passed(id: string): void {
    const p = this.pending;
    if (p === undefined || p.live.length > 0 || this.retired || id === '' || compareEntryIds(id, p.last) < 0) return;
    this.retired = true;
    this.retiring = this.retire(p).then(
      (detail) => this.tell(detail),
      (e: unknown) => this.tell(`acknowledging the entries other consumers left pending failed (${e instanceof Error ? e.message : String(e)}); they were read all the same, and the next start tries again`),
    );
  }

  /** Settles when an acknowledgement begun by passed() is done (it never rejects): a run waits for it before it ends. */
  settled(): Promise<void> {
    return this.retiring;
  }

  private async retire(p: GroupPending): Promise<string> {
    const { redis, stream, group } = this.at;
    let acked = 0;
    for (;;) {
      const rows = (await redis.xpending(stream, group, '-', p.last, 1000)) as [string, string, number, number][];
      if (rows.length === 0) break;
      acked += await redis.xack(stream, group, ...rows.map((r) => r[0]));
    }
    const deleted: string[] = [];
    const consumers = ((await redis.xinfo('CONSUMERS', stream, group)) as unknown[][]).map(fieldsOf);
    for (const c of consumers) {
      const name = String(c.get('name'));
      if (p.consumers.includes(name) && Number(c.get('pending')) === 0) {
        await redis.xgroup('DELCONSUMER', stream, group, name);
        deleted.push(name);
      }
    }
    return `${acked} entries other consumers left pending up to ${p.last} are read and now acknowledged; consumers deleted (no entry pending any more): ${deleted.join(', ') || 'none'}`;
  }
}
