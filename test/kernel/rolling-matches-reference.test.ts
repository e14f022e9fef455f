// Rolling windows in the kernel equal the plain reference exactly — one result per accepted event,
// every word and bit, their order, and the late events — whatever the batch boundaries, with
// out-of-order and late events, ties, many keys, time blocks and row bounds.
//
//   last 10, ooo 5:  a@3 a@8 a@12 a@20   →  a@3 {3}  a@8 {3 8}  a@12 {3 8 12}  a@20 {12 20}
//                    released once the watermark passes each, in (time, arrival) order

import { describe, it } from 'vitest';
import { rollingWindowing } from '../support/rolling-arbitraries.js';
import { assertRollingMatchesReference } from '../support/window-properties.js';

describe('rolling windows', () => {
  it('equal the reference on random events, spans, row bounds, out-of-orderness and batch splits', () => {
    assertRollingMatchesReference(rollingWindowing, 400);
  });
});
