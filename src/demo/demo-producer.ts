import type { Redis } from 'ioredis';
import { SyntheticSensors } from './synthetic-sensors.js';

/** Writes synthetic sensor readings to a stream at a steady rate until stopped or out of time. */
export class DemoProducer {
  produced = 0;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly stream: string,
    private readonly sensors: SyntheticSensors,
  ) {}

  /** Produces `rate` entries per second for `seconds`, in pipelined bursts every 20 ms. */
  async run(rate: number, seconds: number): Promise<void> {
    const started = performance.now();
    let pending: string[][] = [];
    while (!this.stopped && performance.now() - started < seconds * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      const pipeline = this.redis.pipeline();
      let queued = 0;
      while (this.produced + queued < due && queued < 20_000) {
        if (pending.length === 0) pending = this.sensors.next();
        pipeline.xadd(this.stream, '*', ...pending.pop()!);
        queued++;
      }
      if (queued > 0) {
        await pipeline.exec();
        this.produced += queued;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
