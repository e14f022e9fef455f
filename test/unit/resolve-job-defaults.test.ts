import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { definitionWith, minimalDefinition } from '../support/test-jobs.js';

describe('resolveJob fills in every option the definition leaves out', () => {
  const job = resolveJob(minimalDefinition());

  it('reads under a consumer group named after the job', () => {
    expect(job.group).toBe('stats');
  });

  it('writes to <name>:out, <name>:late and <name>:dlq', () => {
    expect(job.sinks).toEqual({ output: 'stats:out', late: 'stats:late', deadLetter: 'stats:dlq' });
  });

  it('reads 1000 entries per batch', () => {
    expect(job.batchSize).toBe(1000);
  });

  it('isolates the entries of a failing batch after 3 failed deliveries', () => {
    expect(job.maxDeliveries).toBe(3);
  });

  it("takes a consumer idle for 60 s as gone (its pending entries are read by a first run)", () => {
    expect(job.abandonedPendingMs).toBe(60_000);
  });

  it('reads the plain stream as one partition, from the start of the stream', () => {
    expect(job.partitions).toEqual(['sensors']);
    expect(job.startId).toBe('0');
  });

  it('reads the entry fields, with event time from the entry ID', () => {
    expect(job.format).toEqual({ kind: 'fields' });
    expect(job.time).toEqual({ kind: 'entry-id' });
  });

  it('allows no out-of-orderness, budgets 50 ms and blocks 1 s per read', () => {
    expect(job.outOfOrdernessMs).toBe(0);
    expect(job.latencyBudgetMs).toBe(50);
    expect(job.blockMs).toBe(1000);
  });

  it('aligns windows to the epoch (offset 0)', () => {
    expect(job.window).toEqual({ kind: 'tumbling', sizeMs: 10_000, slideMs: 10_000, offsetMs: 0 });
  });

  it('keeps what the definition does say', () => {
    const custom = resolveJob(
      definitionWith({
        source: { stream: 'sensors', group: 'g', partitions: 3, startId: '$' },
        sinks: { output: 'o', late: 'l', deadLetter: 'd' },
        batchSize: 50,
        time: { field: 'ts' },
        outOfOrderness: '2s',
        latencyBudget: 20,
        blockTime: '250ms',
        maxDeliveries: 1,
        abandonedPendingAfter: '5m',
      }),
    );
    expect(custom.group).toBe('g');
    expect(custom.partitions).toEqual(['sensors:{sensors:0}', 'sensors:{sensors:1}', 'sensors:{sensors:2}']);
    expect(custom.startId).toBe('$');
    expect(custom.sinks).toEqual({ output: 'o', late: 'l', deadLetter: 'd' });
    expect(custom.batchSize).toBe(50);
    expect(custom.time).toEqual({ kind: 'field', field: 'ts', format: 'epoch-ms' });
    expect(custom.outOfOrdernessMs).toBe(2000);
    expect(custom.latencyBudgetMs).toBe(20);
    expect(custom.blockMs).toBe(250);
    expect(custom.maxDeliveries).toBe(1);
    expect(custom.abandonedPendingMs).toBe(300_000);
  });

  it("a sink named explicitly keeps the others' defaults", () => {
    expect(resolveJob(definitionWith({ sinks: { late: 'elsewhere' } })).sinks).toEqual({
      output: 'stats:out',
      late: 'elsewhere',
      deadLetter: 'stats:dlq',
    });
  });
});
