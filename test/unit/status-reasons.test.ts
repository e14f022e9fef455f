import { describe, expect, it } from 'vitest';
import {
  REASON_OF_STATUS, STATUS_COUNT, STATUS_DELETED, STATUS_KEY_LIMIT, STATUS_NEEDS_HOST, STATUS_OF_REASON, STATUS_OK, STATUS_WINDOW_LIMIT, type DeadLetterReason,
} from '../../src/wasm/layout.js';

describe('every dead-letter reason has one status code, and back', () => {
  const reasons: DeadLetterReason[] = ['missing-key', 'missing-value', 'non-numeric-value', 'non-finite-value', 'missing-time', 'bad-time', 'bad-payload', 'duplicate-field', 'time-out-of-bounds', 'state-limit'];

  it.each(reasons)('%s ↔ its status', (reason) => {
    const status = STATUS_OF_REASON[reason];
    expect(REASON_OF_STATUS[status]).toBe(reason);
  });

  it('the statuses of reasons are distinct, below STATUS_COUNT, and none is OK, needs-host or deleted', () => {
    const statuses = reasons.map((r) => STATUS_OF_REASON[r]);
    expect(new Set(statuses).size).toBe(reasons.length);
    for (const s of statuses) {
      expect(s).toBeLessThan(STATUS_COUNT);
      expect([STATUS_OK, STATUS_NEEDS_HOST, STATUS_DELETED]).not.toContain(s);
    }
    // state-limit has two statuses (the key limit and the window limit), the rest one each.
    expect(reasons.length + 3 + 1).toBe(STATUS_COUNT);
    expect(REASON_OF_STATUS[STATUS_KEY_LIMIT]).toBe('state-limit');
    expect(REASON_OF_STATUS[STATUS_WINDOW_LIMIT]).toBe('state-limit');
  });
});
