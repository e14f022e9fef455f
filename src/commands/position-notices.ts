// What the log says when a reader learns something about where it reads from (partition-notice.ts):
// a partition of `eddy run`, or the repartition stage on its source, which share the start before
// entries pending in a consumer group (src/redis/group-start.ts, src/pipeline/others-pending.ts).

import type { PositionNotice } from '../pipeline/partition-notice.js';

/** Level, message and advice per notice. */
export const POSITION_NOTICES: Record<PositionNotice['cause'], { readonly level: 'info' | 'warn'; readonly msg: string; readonly advice?: string }> = {
  'marks-lost': {
    level: 'warn',
    msg: 'replay may not be exact: state-limit refusal marks were dropped',
    advice: 'a replay reaching back before the dropped marks may refuse other entries for maxKeys/maxOpenWindows than the first run did, so its dead letters and results can differ from one run. Raise maxKeys / maxOpenWindows (or shorten the windows) so refusals stay rare. see DESIGN.md, "State limits"',
  },
  'pending-rewound': {
    level: 'warn',
    msg: 'starting before entries pending in the consumer group',
    advice: 'another consumer of the group left these entries delivered but unacknowledged; eddy reads them instead of skipping them, and acknowledges them (deleting the consumers that held them) once it has read past them. see DESIGN.md, "Entries pending in the group"',
  },
  'pending-left': {
    level: 'warn',
    msg: 'entries pending with other active consumers are left to them',
    advice: "those entries are their consumers' to finish; if a consumer is gone for good, XCLAIM its entries to one that processes them, or XACK them if they need none. A first run takes the entries of consumers idle for the job's abandonedPendingAfter as its own. see DESIGN.md, \"Entries pending in the group\"",
  },
  'pending-retired': { level: 'info', msg: 'entries other consumers left pending are acknowledged' },
  'detector-afresh': {
    level: 'warn',
    msg: 'detector state not restored: the detector starts afresh',
    advice: "the committed snapshot was made by another detector, with other params, or by another eddy version (detail says which). To keep the learned state, run with the params the detail names in detect.params (e.g. context before eddy defaulted to maxActiveNeurons 1 and threshold 0.4: set maxActiveNeurons 15 and threshold 0.5); otherwise nothing is needed: the detector learns again, with warmup, from here. see README.md, \"Anomaly detection\"",
  },
};
