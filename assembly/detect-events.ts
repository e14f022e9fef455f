// Anomaly detection on raw events: one call per batch runs the job's detector over every decoded
// row, in arrival order, each key with its own detector state. The states table (u32 address per
// key id) and every state live in this instance's linear memory, so they are the partition's state
// like its windows are. Rows the host routed elsewhere (status not OK: dead letters) get no row
// judged: their output row is all zero and their key's state is not touched.
// detectSnapshot / detectRestore carry every key's state to another instance (a successor after a
// takeover), keyed by the key's bytes (detectors/keyed-snapshot.ts).

import { STATUS_OK, STATUS_KEY_LIMIT } from './layout';
import { keysWithState, maxKeys, noteDetectorKey } from './state-limits';
import { statusCol, keyIdCol, timeCol, valuesCol, valueCount } from './batch-columns';
import { growRegion } from './heap-region';
import { detectorCreate, detectorFree, detectorLoad, detectorSave, detectorSavedBytes, detectorStep, detectorStateBytes } from './detectors/detector-dispatch';
import { DET_OUT_F64, DET_ANOMALY } from './detectors/detector-output';
import { SNAPSHOT_BAD_STATE, keyedSnapshotCheck, keyedSnapshotWord } from './detectors/keyed-snapshot';
import { internKey, keyBytesLen, keyBytesPtr } from './key-table';

let kind: i32 = 0;
let valueIndex: i32 = 0;
let params: usize = 0;
let table: usize = 0;
let tableKeys: i32 = 0;
let rows: usize = 0;
let rowCap: i32 = 0;

const ROW_BYTES: usize = <usize>DET_OUT_F64 << 3;

/**
 * Sets the detector (a DETECTOR_* kind) and the value column it judges; returns the address of
 * `words` f64 param words for the host to fill (catalog order) before the first batch.
 */
export function configureDetect(detectorKind: i32, value: i32, words: i32): usize {
  kind = detectorKind;
  valueIndex = value;
  params = growRegion(params, <usize>max(words, 1) << 3);
  return params;
}

/** The table with room for key ids below `keys`, new entries zero (no state yet). */
function ensureKeys(keys: i32): void {
  if (keys <= tableKeys) return;
  let cap = tableKeys == 0 ? 1024 : tableKeys * 2;
  while (cap < keys) cap *= 2;
  table = growRegion(table, <usize>cap << 2);
  memory.fill(table + (<usize>tableKeys << 2), 0, <usize>(cap - tableKeys) << 2);
  tableKeys = cap;
}

/** Judges rows [0, n) of the batch; row i's output at detectRowsPtr() + i·DET_OUT_F64·8. Returns anomalies flagged. */
export function detectEvents(n: i32): i32 {
  if (n > rowCap) {
    rows = growRegion(rows, <usize>n * ROW_BYTES);
    rowCap = n;
  }
  memory.fill(rows, 0, <usize>n * ROW_BYTES);
  let flagged = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(statusCol + i) != STATUS_OK) continue;
    const keyId = load<i32>(keyIdCol + (<usize>i << 2));
    ensureKeys(keyId + 1);
    const slot = table + (<usize>keyId << 2);
    let state = <usize>load<u32>(slot);
    if (state == 0) {
      // A key's detector state lives as long as the partition's instance: maxKeys counts them.
      if (keysWithState >= maxKeys) {
        store<u8>(statusCol + i, STATUS_KEY_LIMIT);
        continue;
      }
      noteDetectorKey();
      state = detectorCreate(kind, params);
      store<u32>(slot, <u32>state);
    }
    const out = rows + <usize>i * ROW_BYTES;
    const value = load<f64>(valuesCol + (<usize>(i * valueCount + valueIndex) << 3));
    detectorStep(kind, state, load<f64>(timeCol + (<usize>i << 3)), value, out);
    if (load<f64>(out, DET_ANOMALY << 3) != 0) flagged++;
  }
  return flagged;
}

export function detectRowsPtr(): usize {
  return rows;
}

/** Bytes of every key's detector state (not the table), for state-size reports. */
export function detectStateBytes(): f64 {
  let total: f64 = 0;
  for (let k = 0; k < tableKeys; k++) {
    const state = <usize>load<u32>(table + (<usize>k << 2));
    if (state != 0) total += <f64>detectorStateBytes(kind, state);
  }
  return total;
}

// ── snapshots (detectors/keyed-snapshot.ts): every key with a state, by its bytes ──

/** Bytes detectSnapshot writes: every key that has a state, in key id order. */
export function detectSnapshotBytes(): i32 {
  let bytes = 8;
  for (let k = 0; k < tableKeys; k++) {
    const state = <usize>load<u32>(table + (<usize>k << 2));
    if (state != 0) bytes += 8 + keyBytesLen(k) + detectorSavedBytes(kind, state);
  }
  return bytes;
}

/** Writes the snapshot (detectSnapshotBytes of it) at `out`. Allocates nothing. */
export function detectSnapshot(out: usize): void {
  store<u32>(out, keyedSnapshotWord(kind));
  let keys = 0;
  let p = out + 8;
  for (let k = 0; k < tableKeys; k++) {
    const state = <usize>load<u32>(table + (<usize>k << 2));
    if (state == 0) continue;
    const len = keyBytesLen(k);
    store<i32>(p, len);
    memory.copy(p + 4, keyBytesPtr(k), <usize>len);
    p += 4 + <usize>len;
    const bytes = detectorSavedBytes(kind, state);
    store<i32>(p, bytes);
    detectorSave(kind, state, p + 4);
    p += 4 + <usize>bytes;
    keys++;
  }
  store<i32>(out, keys, 4);
}

/**
 * Installs every key's state of a snapshot at from[0, len) (made by detectSnapshot or the host's
 * KeyedDetector.snapshot, for the configured detector): each key is interned (its id here may
 * differ from the one it had) and gets the loaded state; a key that already had one gets the
 * snapshot's. All or nothing: returns the keys restored, or SNAPSHOT_MALFORMED /
 * SNAPSHOT_WRONG_FORMAT / SNAPSHOT_BAD_STATE (keyed-snapshot.ts) with nothing changed — no key
 * interned, no state kept.
 */
export function detectRestore(from: usize, len: i32): i32 {
  const keys = keyedSnapshotCheck(kind, from, len);
  if (keys <= 0) return keys;
  // Every state loads before any key is interned, so a refusal changes nothing.
  const loaded = heap.alloc(<usize>keys << 2);
  let p = from + 8;
  for (let i = 0; i < keys; i++) {
    p += 4 + <usize>load<i32>(p);
    const bytes = load<i32>(p);
    const state = detectorLoad(kind, p + 4, bytes);
    if (state == 0) {
      for (let j = 0; j < i; j++) detectorFree(kind, <usize>load<u32>(loaded + (<usize>j << 2)));
      heap.free(loaded);
      return SNAPSHOT_BAD_STATE;
    }
    store<u32>(loaded + (<usize>i << 2), <u32>state);
    p += 4 + <usize>bytes;
  }
  p = from + 8;
  for (let i = 0; i < keys; i++) {
    const keyLen = load<i32>(p);
    const id = internKey(p + 4, keyLen);
    p += 4 + <usize>keyLen;
    p += 4 + <usize>load<i32>(p);
    ensureKeys(id + 1);
    const slot = table + (<usize>id << 2);
    const old = <usize>load<u32>(slot);
    if (old != 0) detectorFree(kind, old);
    else noteDetectorKey();
    store<u32>(slot, load<u32>(loaded + (<usize>i << 2)));
  }
  heap.free(loaded);
  return keys;
}
