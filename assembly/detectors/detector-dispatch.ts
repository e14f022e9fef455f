// One entry point for every detector kind (detector-output.ts), so the host holds a kind code and
// a state address, never a per-detector export. The loops switch on the kind once per call, not
// per row, except detectorRunKeyed, whose rows may each belong to a different key.
//
// The host must filter non-finite values (NaN, ±Infinity) before they get here: no detector checks.

import {
  DETECTOR_CHANGE_POINT, DETECTOR_CONTEXT, DETECTOR_MAD, DETECTOR_SPIKE_DIP, DETECTOR_ZSCORE, DET_OUT_F64,
} from './detector-output';
import { ctxCreate, ctxFree, ctxStateBytes, ctxStep } from './context-detector';
import { ctxLoad, ctxSave, ctxSavedBytes } from './context-save';
import {
  changePointCreate, changePointFree, changePointLoad, changePointSave, changePointSavedBytes, changePointStateBytes, changePointStep,
} from './change-point';
import { madCreate, madFree, madLoad, madSave, madSavedBytes, madStateBytes, madStep } from './mad';
import { spikeDipCreate, spikeDipFree, spikeDipLoad, spikeDipSave, spikeDipSavedBytes, spikeDipStateBytes, spikeDipStep } from './spike-dip';
import { zscoreCreate, zscoreFree, zscoreLoad, zscoreSave, zscoreSavedBytes, zscoreStateBytes, zscoreStep } from './zscore';

const ROW_BYTES: usize = <usize>DET_OUT_F64 << 3;

/** A new state of detector `kind` from its f64 params at `params`; 0 for an unknown kind. */
export function detectorCreate(kind: i32, params: usize): usize {
  switch (kind) {
    case DETECTOR_ZSCORE: return zscoreCreate(params);
    case DETECTOR_MAD: return madCreate(params);
    case DETECTOR_SPIKE_DIP: return spikeDipCreate(params);
    case DETECTOR_CHANGE_POINT: return changePointCreate(params);
    case DETECTOR_CONTEXT: return ctxCreate(params);
    default: return 0;
  }
}

/** One event: one row of DET_OUT_F64 f64 at `out`. */
export function detectorStep(kind: i32, state: usize, time: f64, value: f64, out: usize): void {
  switch (kind) {
    case DETECTOR_ZSCORE: zscoreStep(state, time, value, out); break;
    case DETECTOR_MAD: madStep(state, time, value, out); break;
    case DETECTOR_SPIKE_DIP: spikeDipStep(state, time, value, out); break;
    case DETECTOR_CHANGE_POINT: changePointStep(state, time, value, out); break;
    case DETECTOR_CONTEXT: ctxStep(state, time, value, out); break;
    default: unreachable();
  }
}

/** n events of one series (f64 times and values at `times`, `values`): n rows at `out`. */
export function detectorRun(kind: i32, state: usize, times: usize, values: usize, n: i32, out: usize): void {
  const end = <usize>n << 3;
  switch (kind) {
    case DETECTOR_ZSCORE: {
      for (let i: usize = 0; i < end; i += 8) zscoreStep(state, load<f64>(times + i), load<f64>(values + i), out + i * DET_OUT_F64);
      break;
    }
    case DETECTOR_MAD: {
      for (let i: usize = 0; i < end; i += 8) madStep(state, load<f64>(times + i), load<f64>(values + i), out + i * DET_OUT_F64);
      break;
    }
    case DETECTOR_SPIKE_DIP: {
      for (let i: usize = 0; i < end; i += 8) spikeDipStep(state, load<f64>(times + i), load<f64>(values + i), out + i * DET_OUT_F64);
      break;
    }
    case DETECTOR_CHANGE_POINT: {
      for (let i: usize = 0; i < end; i += 8) changePointStep(state, load<f64>(times + i), load<f64>(values + i), out + i * DET_OUT_F64);
      break;
    }
    case DETECTOR_CONTEXT: {
      for (let i: usize = 0; i < end; i += 8) ctxStep(state, load<f64>(times + i), load<f64>(values + i), out + i * DET_OUT_F64);
      break;
    }
    default: unreachable();
  }
}

/**
 * n events of many series: row i belongs to key keyIds[i] (i32), whose state address is the u32 at
 * statesTable + 4·keyId (0 = not created yet: created here from `params`, the same for every key).
 * The table must hold every keyId used (detectorTableGrow).
 */
export function detectorRunKeyed(kind: i32, statesTable: usize, params: usize, keyIds: usize, times: usize, values: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const slot = statesTable + (<usize>load<i32>(keyIds + (<usize>i << 2)) << 2);
    let state = <usize>load<u32>(slot);
    if (state == 0) {
      state = detectorCreate(kind, params);
      store<u32>(slot, <u32>state);
    }
    const at = <usize>i << 3;
    detectorStep(kind, state, load<f64>(times + at), load<f64>(values + at), out + <usize>i * ROW_BYTES);
  }
}

/** Bytes the state holds (header and its regions), for checkpoint-size reports. */
export function detectorStateBytes(kind: i32, state: usize): i32 {
  switch (kind) {
    case DETECTOR_ZSCORE: return zscoreStateBytes(state);
    case DETECTOR_MAD: return madStateBytes(state);
    case DETECTOR_SPIKE_DIP: return spikeDipStateBytes(state);
    case DETECTOR_CHANGE_POINT: return changePointStateBytes(state);
    case DETECTOR_CONTEXT: return ctxStateBytes(state);
    default: return 0;
  }
}

/** Bytes detectorSave writes for the state (detector-state-format.ts); 0 for an unknown kind. */
export function detectorSavedBytes(kind: i32, state: usize): i32 {
  switch (kind) {
    case DETECTOR_ZSCORE: return zscoreSavedBytes(state);
    case DETECTOR_MAD: return madSavedBytes(state);
    case DETECTOR_SPIKE_DIP: return spikeDipSavedBytes(state);
    case DETECTOR_CHANGE_POINT: return changePointSavedBytes(state);
    case DETECTOR_CONTEXT: return ctxSavedBytes(state);
    default: return 0;
  }
}

/** Writes the state's position-independent bytes at `out` (detectorSavedBytes of them). Allocates nothing. */
export function detectorSave(kind: i32, state: usize, out: usize): void {
  switch (kind) {
    case DETECTOR_ZSCORE: zscoreSave(state, out); break;
    case DETECTOR_MAD: madSave(state, out); break;
    case DETECTOR_SPIKE_DIP: spikeDipSave(state, out); break;
    case DETECTOR_CHANGE_POINT: changePointSave(state, out); break;
    case DETECTOR_CONTEXT: ctxSave(state, out); break;
    default: unreachable();
  }
}

/**
 * A new state of detector `kind` from bytes detectorSave wrote, at from[0, len): stepping it gives
 * the rows the saved state would have given. 0 — never a trap — when the bytes are not that
 * detector's current format (wrong kind or version, wrong length, an index out of its region),
 * so the host can say what was wrong; nothing is kept allocated then.
 */
export function detectorLoad(kind: i32, from: usize, len: i32): usize {
  switch (kind) {
    case DETECTOR_ZSCORE: return zscoreLoad(from, len);
    case DETECTOR_MAD: return madLoad(from, len);
    case DETECTOR_SPIKE_DIP: return spikeDipLoad(from, len);
    case DETECTOR_CHANGE_POINT: return changePointLoad(from, len);
    case DETECTOR_CONTEXT: return ctxLoad(from, len);
    default: return 0;
  }
}

/** A block of `bytes` for a saved state or snapshot crossing to or from the host; free it with detectorBufferFree. */
export function detectorBufferAlloc(bytes: i32): usize {
  return heap.alloc(<usize>max(bytes, 1));
}

export function detectorBufferFree(p: usize): void {
  heap.free(p);
}

/** The state address of key `key` in a table (0: none yet). */
export function detectorTableState(table: usize, key: i32): usize {
  return <usize>load<u32>(table + (<usize>key << 2));
}

/** Puts `state` at key `key` of the table (which must hold it), freeing the state that was there. */
export function detectorTableInstall(kind: i32, table: usize, key: i32, state: usize): void {
  const slot = table + (<usize>key << 2);
  const old = <usize>load<u32>(slot);
  if (old != 0) detectorFree(kind, old);
  store<u32>(slot, <u32>state);
}

/** Releases the state and its regions; the address is invalid afterwards. */
export function detectorFree(kind: i32, state: usize): void {
  switch (kind) {
    case DETECTOR_ZSCORE: zscoreFree(state); break;
    case DETECTOR_MAD: madFree(state); break;
    case DETECTOR_SPIKE_DIP: spikeDipFree(state); break;
    case DETECTOR_CHANGE_POINT: changePointFree(state); break;
    case DETECTOR_CONTEXT: ctxFree(state); break;
    default: unreachable();
  }
}

/** A zeroed table of `keys` u32 state addresses for detectorRunKeyed. */
export function detectorTableCreate(keys: i32): usize {
  const bytes = <usize>max(keys, 1) << 2;
  const t = heap.alloc(bytes);
  memory.fill(t, 0, bytes);
  return t;
}

/** The table with room for `keys` ≥ `oldKeys` entries, the old ones kept; the old address is freed. */
export function detectorTableGrow(table: usize, oldKeys: i32, keys: i32): usize {
  const t = detectorTableCreate(keys);
  memory.copy(t, table, <usize>oldKeys << 2);
  heap.free(table);
  return t;
}

/** Sum of detectorStateBytes over the table's created states. */
export function detectorTableStateBytes(kind: i32, table: usize, keys: i32): f64 {
  let total: f64 = 0;
  for (let k = 0; k < keys; k++) {
    const state = <usize>load<u32>(table + (<usize>k << 2));
    if (state != 0) total += <f64>detectorStateBytes(kind, state);
  }
  return total;
}

/** Frees every created state of the table, then the table. */
export function detectorTableFree(kind: i32, table: usize, keys: i32): void {
  for (let k = 0; k < keys; k++) {
    const state = <usize>load<u32>(table + (<usize>k << 2));
    if (state != 0) detectorFree(kind, state);
  }
  heap.free(table);
}
