// How a partition resumes from its checkpoint and what each commit stores so that the next owner
// can (DESIGN.md, "Recovery by replay"): the clock, the replay position (and the clock there), and
// for detection jobs a snapshot of every key's detector state. The runner asks it where to start
// reading, which entries of a batch are replayed (already committed), and what to commit with a batch.

import type { ResolvedJob } from '../job/resolved-job.js';
import { resolveDetectorParams, type ResolvedDetector } from '../detect/detector-catalog.js';
import { DetectorSnapshotError } from '../detect/detector-snapshot-format.js';
import type { PositionNotice } from './partition-notice.js';
import { restoreDetectEvents, snapshotDetectEvents } from '../detect/detector-snapshot.js';
import { compareEntryIds } from '../redis/entry-id.js';
import { readDetectorSnapshot, readRefusalMarks, readSessionAnchors, type PartitionPosition } from '../redis/partition-position.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { STATUS_KEY_LIMIT, STATUS_OK } from '../wasm/layout.js';
import type { BatchOutput } from './batch-output.js';
import type { Committer, PartitionClock } from './batch-commit.js';
import { ReplayPosition, type ReplayPoint } from './replay-position.js';
import { encodeSessionAnchors, restoreSessionAnchors, takeSessionAnchors } from './session-anchors.js';

/**
 * Session jobs take the open sessions' anchors at a batch boundary at most this often (ms of
 * processing time): a copy of 32 bytes per open session each time, and a boundary without anchors
 * cannot become the replay position, so replay may start up to this much input earlier.
 */
const ANCHOR_EVERY_MS = 100;

export class PartitionRecovery {
  /** Replaying: the committed position, up to which entries were already committed. */
  private replayUntil: string | undefined;
  private replay = new ReplayPosition({ id: '0-0', watermark: -Infinity, maxEventTime: -Infinity });
  /** Session jobs: every replay position carries the sessions open there; the one whose anchors the checkpoint holds. */
  private readonly sessions: boolean;
  private anchorsStoredAt: string | undefined;
  /** When anchors were last taken: at most every ANCHOR_EVERY_MS, and only anchored boundaries become replay positions. */
  private anchorsTakenAt = -Infinity;
  /** Key bytes by key id, for encoding anchors (ids never move within an instance). */
  private readonly keyBytes: Buffer[] = [];
  /** Replaying: entries the first run refused for a state limit, refused again (commit-7.lua KEYS[7]). */
  private refusalMarks: ReadonlySet<string> = new Set();
  /** Replay under the replay position's clock: the committed clock, taken over once replay is past it. */
  private resumeClock: { readonly watermark: number; readonly maxEventTime: number } | undefined;
  /** Detection jobs: the detector, and where its states were last saved (or known empty). */
  private detector: ResolvedDetector | undefined;
  private detectorSnapshotAt: ReplayPoint | undefined;
  private detectorSnapshotTakenAt = performance.now();

  constructor(
    private readonly job: ResolvedJob,
    private readonly stream: string,
    private readonly kernel: PartitionKernel,
    private readonly output: BatchOutput,
    private readonly committer: Committer,
    /** Told when a detector snapshot cannot be restored (the detector then starts afresh). */
    private readonly notify?: (n: PositionNotice) => void,
  ) {
    this.sessions = job.window?.kind === 'session';
  }

  /**
   * Restores the clock (and detector states) the checkpoint left and returns the entry ID to read
   * after: the replay position when windows or detector states must be rebuilt, else the committed
   * position. Entries up to the committed position are then re-read, their late events and dead
   * letters (committed already) not written.
   */
  async resume(position: PartitionPosition): Promise<string> {
    let cursor = position.id;
    const c = position.clock;
    if (c) {
      const replaying = compareEntryIds(c.replayAfter, position.id) < 0;
      if (replaying && this.job.window?.kind === 'session') {
        // Sessions replay under the clock of the replay position, so every event gets the verdict
        // it got first time; the sessions that closed before the commit close again and are dropped
        // by their end, and the commit's clock takes over once replay is past it.
        this.kernel.wasm.setClock(c.replayWatermark, c.replayMaxEventTime);
        await this.restoreAnchors(position, c.replayAfter);
        // Kept sessions (allowed lateness, emit 'update') write results after their end, so those
        // are not told apart by end: the kernel counts, and does not write, what replayed rows cause.
        if (this.job.emission === undefined) this.output.suppressEndsUpTo = c.watermark;
        this.resumeClock = { watermark: c.watermark, maxEventTime: c.maxEventTime };
      } else if (replaying && (this.job.emission !== undefined || this.job.window?.kind === 'rolling')) {
        // Windows kept past their end (allowed lateness, early or update emission) replay under the
        // clock of the replay position too, so every verdict, firing and revision is the first run's;
        // the results the replayed entries cause are counted by the kernel, not written. Rolling
        // windows likewise: every replayed event must be accepted or late as it was the first time,
        // and its result is written only when an entry after the committed position released it.
        this.kernel.wasm.restoreClock(c.replayWatermark, c.replayMaxEventTime);
        this.resumeClock = { watermark: c.watermark, maxEventTime: c.maxEventTime };
      } else {
        this.kernel.wasm.restoreClock(c.watermark, c.maxEventTime);
      }
      if (replaying) {
        cursor = c.replayAfter;
        this.replayUntil = position.id;
        this.refusalMarks = await readRefusalMarks(this.committer, this.job.name, this.stream);
      }
      this.replay = new ReplayPosition(
        replaying
          ? { id: cursor, watermark: c.replayWatermark, maxEventTime: c.replayMaxEventTime, ...this.anchorsNow() }
          : { id: cursor, watermark: c.watermark, maxEventTime: c.maxEventTime, ...this.anchorsNow() },
        this.sessions,
      );
    } else {
      this.replay = new ReplayPosition({ id: cursor, watermark: -Infinity, maxEventTime: -Infinity, ...this.anchorsNow() }, this.sessions);
    }
    await this.restoreDetectors(position, cursor);
    return cursor;
  }

  /**
   * How many of the batch's n entries are at or before the committed position (a prefix: entries
   * come in ID order); 0 once replay is over. Reaching the end of the stream before the position
   * (its last entries were deleted) also ends replay. Replayed entries the first run refused for a
   * state limit are marked refused before the kernel sees them: they enter no state and do not move
   * the clock, as the first time (DESIGN.md, "State limits are dead letters decided in the kernel").
   */
  replayedEntries(n: number): number {
    const until = this.replayUntil;
    if (until === undefined) return 0;
    if (n === 0) {
      this.replayUntil = undefined;
      return 0;
    }
    const ids = this.kernel.entryIds().toString('latin1').split(' ');
    let k = 0;
    while (k < n && compareEntryIds(ids[k]!, until) <= 0) k++;
    if (k < n) this.replayUntil = undefined;
    if (this.refusalMarks.size > 0) {
      const status = this.kernel.wasm.statusColPtr();
      for (let i = 0; i < k; i++) if (this.refusalMarks.has(ids[i]!) && this.kernel.status(i) === STATUS_OK) this.kernel.views().u8[status + i] = STATUS_KEY_LIMIT;
    }
    return k;
  }

  /** Replay reached the committed position: the clock is at least the committed one from here on. */
  endReplayedClock(): void {
    const r = this.resumeClock;
    if (r === undefined || this.replayUntil !== undefined) return;
    const w = this.kernel.wasm;
    w.setClock(Math.max(w.currentWatermark(), r.watermark), Math.max(w.maxEventTime(), r.maxEventTime));
    this.resumeClock = undefined;
  }

  /** A batch of n decoded entries ending at `lastId` was processed; the clock is `watermark` after it. */
  recordBatch(lastId: string, watermark: number, n: number): void {
    const now = performance.now();
    const anchored = now - this.anchorsTakenAt >= ANCHOR_EVERY_MS;
    this.replay.record({ id: lastId, watermark, maxEventTime: this.kernel.wasm.maxEventTime(), ...(anchored ? this.anchorsNow() : {}) }, this.batchMaxTime(n));
  }

  /** Session jobs: the sessions open now, for a replay point here. */
  private anchorsNow(): { anchors?: Float64Array } {
    if (!this.sessions) return {};
    this.anchorsTakenAt = performance.now();
    return { anchors: takeSessionAnchors(this.kernel) };
  }

  private keyBytesOf(id: number): Buffer {
    return (this.keyBytes[id] ??= this.kernel.keyBytes(id));
  }

  /**
   * A session job replaying from `replayAfter` opens the sessions open there again (empty) before
   * it replays, so every event is judged as the first time (DESIGN.md, "Session windows replay from
   * anchors"). A checkpoint without anchors for that position (written by an older eddy) replays
   * without them.
   */
  private async restoreAnchors(position: PartitionPosition, replayAfter: string): Promise<void> {
    if (position.anchorsAt !== replayAfter) return;
    const bytes = await readSessionAnchors(this.committer, this.job.name, this.stream);
    if (bytes === null) return;
    restoreSessionAnchors(this.kernel, bytes);
    this.anchorsStoredAt = replayAfter;
  }

  /**
   * The clock a commit stores: the watermark (the data's, not drain's +∞: entries appended after a
   * drain start a new epoch), where replay must start to rebuild what is open now, and the clock
   * there.
   */
  clock(watermark: number): PartitionClock {
    const w = this.kernel.wasm;
    let at = this.replay.replayAfter(w.earliestOpenStart());
    // Detector states are rebuilt from their snapshot: replay must start no later than it.
    const snap = this.detectorSnapshotAt;
    if (snap !== undefined && compareEntryIds(snap.id, at.id) < 0) at = snap;
    // Session jobs: the anchors of a replay position go to the checkpoint once, when it moves there.
    let anchors: Buffer | undefined;
    if (this.sessions && at.anchors !== undefined && at.id !== this.anchorsStoredAt) {
      anchors = encodeSessionAnchors(at.anchors, (id) => this.keyBytesOf(id));
      this.anchorsStoredAt = at.id;
    }
    return {
      replayAfter: at.id,
      watermark,
      maxEventTime: w.maxEventTime(),
      replayWatermark: at.watermark,
      replayMaxEventTime: at.maxEventTime,
      ...(anchors ? { anchors } : {}),
    };
  }

  /**
   * A detection job's detector states after `lastId`, when `detect.snapshotEvery` has passed since
   * the last snapshot: committed with the batch, so a successor restores them and replays only what
   * came after.
   */
  detectorSnapshot(lastId: string, watermark: number): { bytes: Buffer; after: string } | undefined {
    const d = this.job.detect;
    if (d?.on === 'windows') {
      // Detection on window results: the states change only when results are judged, and then they
      // go with that very commit, so the checkpoint's snapshot is always the committed position's.
      const bytes = this.output.windowDetectorSnapshot();
      return bytes === undefined ? undefined : { bytes, after: lastId };
    }
    if (d?.on !== 'events' || this.detector === undefined) return undefined;
    const now = performance.now();
    if (now - this.detectorSnapshotTakenAt < d.snapshotEveryMs) return undefined;
    this.detectorSnapshotTakenAt = now;
    this.detectorSnapshotAt = { id: lastId, watermark, maxEventTime: this.kernel.wasm.maxEventTime() };
    return { bytes: snapshotDetectEvents(this.kernel.wasm, this.detector), after: lastId };
  }

  /**
   * A detection job resumes its detector states from the checkpoint's snapshot (the replay position
   * is then the snapshot's, so the entries since are judged again, their events not written). With
   * no snapshot yet, the states were empty where this run's replay starts. A snapshot made with
   * other detector parameters cannot be used: the states start afresh there, and the log says so
   * (the 'detector-afresh' notice, naming the params that differ).
   */
  private async restoreDetectors(position: PartitionPosition, cursor: string): Promise<void> {
    const d = this.job.detect;
    if (d?.on === 'windows') return this.restoreWindowDetector(position);
    if (d?.on !== 'events') return;
    this.detector = resolveDetectorParams(d.detector, d.params);
    this.detectorSnapshotAt = { id: cursor, watermark: -Infinity, maxEventTime: -Infinity };
    if (position.detectorSnapshotAfter === undefined || position.detectorSnapshotAfter !== cursor) return;
    const bytes = await readDetectorSnapshot(this.committer, this.job.name, this.stream);
    if (bytes === null) return;
    try {
      restoreDetectEvents(this.kernel.wasm, this.detector, bytes);
    } catch (e) {
      if (!(e instanceof DetectorSnapshotError)) throw e;
      this.notify?.({ cause: 'detector-afresh', detail: e.message });
    }
  }

  /**
   * Detection on window results resumes from the snapshot the last commit that judged results
   * carried: it holds every result written so far, and the windows closing from here on (replay
   * closes none before the committed position, or drops them by end) are judged on top of it.
   */
  private async restoreWindowDetector(position: PartitionPosition): Promise<void> {
    if (position.detectorSnapshotAfter === undefined) return;
    const bytes = await readDetectorSnapshot(this.committer, this.job.name, this.stream);
    if (bytes === null) return;
    try {
      this.output.restoreWindowDetector(bytes);
    } catch (e) {
      if (!(e instanceof DetectorSnapshotError)) throw e;
      this.notify?.({ cause: 'detector-afresh', detail: e.message });
    }
  }

  /** The largest event time among the batch's decoded entries (late ones included), -∞ for none. */
  private batchMaxTime(n: number): number {
    const w = this.kernel.wasm;
    const { u8, f64 } = this.kernel.views();
    const status = w.statusColPtr();
    const times = w.timeColPtr() >> 3;
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (u8[status + i] === STATUS_OK && f64[times + i]! > max) max = f64[times + i]!;
    return max;
  }
}
