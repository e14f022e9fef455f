// Test hook (DEVELOPERS.md, "Test hooks"): EDDY_FAULT_INJECT=throw-on-value:<text> makes processing
// a batch throw when one of its entries (not skipped as poisoned) has a value field whose text is
// exactly <text> — a real poison entry for the tests of bounded redelivery and dead-lettering
// (DESIGN.md, "Delivery", Faults). Unset, `injectedFault` is undefined and the runner's only cost is
// one check of that constant per batch.

import type { ResolvedJob } from '../job/resolved-job.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { STATUS_OK } from '../wasm/layout.js';

export type FaultInjection = (job: ResolvedJob, kernel: PartitionKernel, n: number) => void;

export function parseFaultInjection(spec: string | undefined): FaultInjection | undefined {
  if (spec === undefined || spec === '') return undefined;
  const m = /^throw-on-value:(.*)$/s.exec(spec);
  if (!m) throw new Error(`EDDY_FAULT_INJECT="${spec}" is not understood; the only test hook is throw-on-value:<text>`);
  const target = Buffer.from(m[1]!, 'utf8');
  return (job, kernel, n) => {
    const names = new Set(job.valueFields);
    for (let i = 0; i < n; i++) {
      if (kernel.status(i) !== STATUS_OK) continue;
      const entry = kernel.entry(i);
      for (const [name, value] of entry.fields ?? []) {
        if (names.has(Buffer.from(name).toString('utf8')) && Buffer.compare(Buffer.from(value), target) === 0) {
          throw new Error(`fault injected by EDDY_FAULT_INJECT: entry ${entry.id} has value ${m[1]}`);
        }
      }
    }
  };
}

/** The hook named by EDDY_FAULT_INJECT, read once; undefined (no cost) when it is unset. */
export const injectedFault: FaultInjection | undefined = parseFaultInjection(process.env['EDDY_FAULT_INJECT']);
