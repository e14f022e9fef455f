// What a batch produces besides acknowledgements, in two f64 regions the host reads after
// `processBatch`:
//   results: [keyId, start, end, count, accumulator words…] per closed (window, key), followed by
//            [emit kind, revision] when the job revises results (window-revisions.ts)
//   late:    [entryIndex, windowStart, windowEnd, watermark] per late event

import { RESULT_HEADER_F64, LATE_RECORD_F64, RESULT_TAG_F64 } from './layout';
import { accWords, freeSketches, hasSketches } from './accumulators';
import { growRegion } from './heap-region';

export let resultsPtr: usize = 0;
let resultsCap: i32 = 0; // records
export let resultCount: i32 = 0;

export let latePtr: usize = 0;
let lateCap: i32 = 0;
export let lateCount: i32 = 0;

/**
 * Words after the accumulator words of each result: RESULT_TAG_F64 (emit kind, revision) when the
 * job revises results, one more before them (supersedes) for session windows, else 0.
 */
export let resultTagWords: i32 = 0;

export function enableResultTags(words: i32 = RESULT_TAG_F64): void {
  resultTagWords = words;
}

export function resultStride(): i32 {
  return RESULT_HEADER_F64 + accWords + resultTagWords;
}

/** Forgets the previous batch's results, freeing the sketches they own (the host has read them). */
export function resetResults(): void {
  if (hasSketches()) {
    const stride = <usize>resultStride() << 3;
    for (let r = 0; r < resultCount; r++) freeSketches(resultsPtr + stride * <usize>r + (<usize>RESULT_HEADER_F64 << 3));
  }
  resultCount = 0;
  lateCount = 0;
}

/** Room for one more result record; returns its address. Inlined: hopping writes about one per event. */
// @ts-ignore: decorator
@inline
export function nextResult(): usize {
  if (resultCount == resultsCap) growResults();
  const at = resultsPtr + (<usize>(RESULT_HEADER_F64 + accWords + resultTagWords) << 3) * <usize>resultCount;
  resultCount++;
  return at;
}

/**
 * Room for `n` more result records: the address of the next one. A loop that writes up to n
 * results in a row (a hopping pane's: pane-results.ts) writes them there, one stride apart, then
 * calls `resultsWritten`.
 */
export function reserveResults(n: i32): usize {
  while (resultsCap - resultCount < n) growResults();
  return resultsPtr + (<usize>resultStride() << 3) * <usize>resultCount;
}

/** The `k` records written after a `reserveResults` are results now. */
export function resultsWritten(k: i32): void {
  resultCount += k;
}

/** Offset of a result record's event count: the last header word, just before the words (a counted block's layout). */
export const RESULT_COUNT: usize = (<usize>RESULT_HEADER_F64 - 1) << 3;

/** Writes result record r's header: the key, the window [start, end) and its event count. */
// @ts-ignore: decorator
@inline
export function writeResultHeader(r: usize, keyId: i32, start: f64, end: f64, count: f64): void {
  writeResultWindow(r, keyId, start, end);
  store<f64>(r + RESULT_COUNT, count);
}

/** writeResultHeader but the count, written with the words (at RESULT_COUNT: the count, then the words). */
// @ts-ignore: decorator
@inline
export function writeResultWindow(r: usize, keyId: i32, start: f64, end: f64): void {
  store<f64>(r, <f64>keyId);
  store<f64>(r, start, 8);
  store<f64>(r, end, 16);
}

function growResults(): void {
  resultsCap = resultsCap == 0 ? 4096 : resultsCap * 2;
  resultsPtr = growRegion(resultsPtr, (<usize>resultStride() << 3) * <usize>resultsCap);
}

export function pushLate(entry: i32, start: f64, end: f64, wm: f64): void {
  if (lateCount == lateCap) {
    lateCap = lateCap == 0 ? 1024 : lateCap * 2;
    latePtr = growRegion(latePtr, <usize>(lateCap * LATE_RECORD_F64) << 3);
  }
  const p = latePtr + (<usize>(lateCount * LATE_RECORD_F64) << 3);
  lateCount++;
  store<f64>(p, <f64>entry);
  store<f64>(p, start, 8);
  store<f64>(p, end, 16);
  store<f64>(p, wm, 24);
}
