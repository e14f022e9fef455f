// Where replay starts: after the last batch whose largest event time so far is below the earliest
// open start, never moving back; and entry IDs ordered as Redis orders them.
//
//   batches   b1 (max 5)  b2 (max 12)  b3 (max 9 → running 12)  b4 (max 30)
//   open from 10: replay after b1 — b2 may hold events of the window that starts at 10

import { describe, expect, it } from 'vitest';
import { ReplayPosition } from '../../src/pipeline/replay-position.js';
import { compareEntryIds } from '../../src/redis/entry-id.js';

/** A boundary whose clock does not matter to the test. */
const at = (id: string) => ({ id, watermark: 0, maxEventTime: 0 });

describe('ReplayPosition', () => {
  it('replays after the last batch entirely below the earliest open start', () => {
    const r = new ReplayPosition(at('0-0'));
    r.record(at('1-0'), 5);
    r.record(at('2-0'), 12);
    r.record(at('3-0'), 9);
    r.record(at('4-0'), 30);
    expect(r.replayAfter(10).id).toBe('1-0');
    expect(r.replayAfter(13).id).toBe('3-0');
    expect(r.replayAfter(Infinity).id).toBe('4-0');
  });

  it('starts at its base while nothing read is below the earliest open start, and never moves back', () => {
    const r = new ReplayPosition(at('9-0'));
    r.record(at('10-0'), 50);
    expect(r.replayAfter(40).id).toBe('9-0');
    expect(r.replayAfter(60).id).toBe('10-0');
    expect(r.replayAfter(0).id).toBe('10-0');
  });

  it('session jobs: only anchored boundaries, except the last one when nothing is open (its anchors are none)', () => {
    const anchors = new Float64Array([1, 2, 3, 4]);
    const r = new ReplayPosition({ ...at('0-0'), anchors }, true);
    r.record({ ...at('1-0'), anchors }, 5);
    r.record(at('2-0'), 12);
    r.record(at('3-0'), 20);
    // Open from 15: 2-0 lies below it but has no anchors, so replay stays after 1-0.
    expect(r.replayAfter(15).id).toBe('1-0');
    // Everything closed (a drain's end): after the last batch, with no session to open again.
    const end = r.replayAfter(Infinity);
    expect(end.id).toBe('3-0');
    expect(end.anchors).toEqual(new Float64Array(0));
  });
});

describe('compareEntryIds', () => {
  it('orders by milliseconds, then sequence, as unsigned 64-bit numbers', () => {
    const ids = ['1-0', '1-1', '1-10', '2-0', '9007199254740993-0', '9007199254740993-18446744073709551615', '18446744073709551615-0'];
    for (let i = 0; i < ids.length; i++) {
      for (let j = 0; j < ids.length; j++) expect(Math.sign(compareEntryIds(ids[i]!, ids[j]!))).toBe(Math.sign(i - j));
    }
  });
});
