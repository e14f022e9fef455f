// Hand-drawn save/load points the random cuts may miss: a state saved before its first event,
// mid-warmup, with its windows full and wrapped, right after a change-point alarm, a context model
// frozen at a tiny maxContexts, a context whose learned range widens after the load, and a context
// saved at every row of a daily pattern. Each loads into a fresh kernel instance and must go on
// exactly as the original (rows and, after the rest of the series, saved state bytes).

import { describe, expect, it } from 'vitest';
import { DETECTORS_BEST_FIRST, resolveDetectorParams, type DetectorName } from '../../src/detect/detector-catalog.js';
import { DET_ANOMALY, DET_OUT_F64 } from '../../src/detect/detector-output.js';
import { runDetectorSeries } from '../../src/detect/series-detector.js';
import { debugDetectors, injectedSeries } from '../support/detector-series.js';
import { continueFromSnapshot } from '../support/detector-snapshots.js';

const k = debugDetectors();

function expectContinues(name: DetectorName, params: Record<string, number>, values: ArrayLike<number>, cut: number): Buffer {
  const { difference, snapshot } = continueFromSnapshot(k, resolveDetectorParams(name, params), values, cut);
  if (difference) expect.fail(`${name} ${JSON.stringify(params)}: ${difference}`);
  return snapshot;
}

/** The i32 count of a context state's n-th saved region (0 contexts, 1 lefts, …), read from its snapshot body. */
function contextRegionCount(snapshot: Buffer, region: number): number {
  const body = snapshot.subarray(snapshot.length - contextBodyLength(snapshot));
  let at = 8 + body.readInt32LE(4);
  const element = [64, 128, 4, 16, 128, 4, 4, 4];
  for (let i = 0; i < region; i++) at += 4 + body.readInt32LE(at) * element[i]!;
  return body.readInt32LE(at);
}

/** The body length, from the header (the u32 before the 8-byte checksum). */
function contextBodyLength(snapshot: Buffer): number {
  const nameLen = snapshot.readUInt8(7);
  const words = snapshot.readUInt8(8 + nameLen);
  return snapshot.readUInt32LE(8 + nameLen + 1 + words * 8);
}

const noise = injectedSeries('spike', 3).subarray(0, 400);

describe('hand-drawn save points', () => {
  for (const spec of DETECTORS_BEST_FIRST) {
    it(`${spec.name}: saved before its first event, and mid-warmup`, () => {
      expectContinues(spec.name, {}, noise, 0);
      expectContinues(spec.name, {}, noise, 10);
    });
  }

  it('mad and spike-dip with their windows full and wrapped (the ring\'s head mid-buffer)', () => {
    //  window 8 after 50 values:  slots [v48 v49 v42 v43 … v47], head = 50 mod 8 = 2 (the oldest, v42, leaves next)
    expectContinues('mad', { window: 8, warmup: 4 }, noise, 50);
    expectContinues('mad', { window: 64 }, noise, 64);
    expectContinues('spike-dip', { historySize: 8, levelWindow: 3 }, noise, 100);
    expectContinues('spike-dip', {}, noise, 5 + 120 + 7);
  });

  it('change-point right after an alarm, while it re-learns its level', () => {
    const shifted = injectedSeries('level-shift', 5).subarray(1400, 1700);
    const rows = runDetectorSeries(k, 'change-point', {}, Float64Array.from(shifted, (_, i) => i * 1000), shifted);
    let alarm = -1;
    for (let i = 0; i < shifted.length && alarm < 0; i++) if (rows[i * DET_OUT_F64 + DET_ANOMALY] === 1) alarm = i;
    expect(alarm).toBeGreaterThan(0);
    expectContinues('change-point', {}, shifted, alarm + 1);
    expectContinues('change-point', {}, shifted, alarm + 5);
  });

  it('context frozen at maxContexts 20: the model saved full goes on predicting with what it has', () => {
    const values = Array.from({ length: 600 }, (_, i) => ((i * 2654435761) % 1000) / 100);
    const snapshot = expectContinues('context', { maxContexts: 20, restPeriod: 10 }, values, 300);
    expect(contextRegionCount(snapshot, 0)).toBe(20);
  });

  it('context with a learned range that widens after the load (re-quantising the loaded model)', () => {
    //  0…10 for 200 rows  │cut│  then up to 100: the learned max moves past the saved one
    const values = Array.from({ length: 400 }, (_, i) => (i < 200 ? (i * 7) % 11 : ((i * 7) % 11) * (1 + (i - 200) / 20)));
    expectContinues('context', { restPeriod: 20 }, values, 200);
    expectContinues('context', { restPeriod: 20, rangePadding: 0 }, values, 200);
    expectContinues('context', { restPeriod: 20, inputMin: 0, inputMax: 10 }, values, 200);
  });

  it('context saved at every row of a daily pattern with a spike, a dropout and a level shift', () => {
    //  ╭╮  ╭╮  ╭╮ ▲spike ╭╮  ▁dropout▁ ╭╮  ──shift──
    const values: number[] = [];
    for (let i = 0; i < 260; i++) {
      let v = 10 + 5 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13) / 13;
      if (i === 100) v += 30;
      if (i >= 150 && i < 160) v = 0;
      if (i >= 200) v += 12;
      values.push(v);
    }
    for (let cut = 0; cut <= values.length; cut++) expectContinues('context', { restPeriod: 20 }, values, cut);
  });
});
