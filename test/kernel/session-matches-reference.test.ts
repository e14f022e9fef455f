// Session windows in the kernel equal the event-by-event reference exactly — results (every word,
// every bit), their order, and late events — whatever the batch boundaries, with out-of-order and
// late events, many keys, bridging events and maxDuration splits.
//
//   gap 10:   a: |0 4)──[0, 14)      |20)──[20, 30)        a@12 later: one session [0, 30)
//   maxDuration 30:  a@0 … a@20 ─ [0, 30) ; a@25 ─ [25, 35): a session never outgrows maxDuration

import { describe, it } from 'vitest';
import { sessionWindowing } from '../support/window-arbitraries.js';
import { assertSessionsMatchReference } from '../support/window-properties.js';

describe('session windows', () => {
  it('equal the reference on random events, gaps, maxDurations, out-of-orderness and batch splits', () => {
    assertSessionsMatchReference(sessionWindowing, 400);
  });
});
