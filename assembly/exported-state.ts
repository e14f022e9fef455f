// Read-only views of module state for the host: where the columns and outputs are, how many.
// Functions rather than exported globals, so the host never holds a stale address by accident.

import * as cols from './batch-columns';
import * as results from './window-results';
import * as pool from './slot-pool';
import * as registry from './window-registry';
import * as clock from './watermark';
import * as sessions from './session-store';
import * as entries from './pane-entries';

export function statusColPtr(): usize { return cols.statusCol; }
export function keyIdColPtr(): usize { return cols.keyIdCol; }
export function timeColPtr(): usize { return cols.timeCol; }
export function valuesColPtr(): usize { return cols.valuesCol; }
export function entryOffColPtr(): usize { return cols.entryOffCol; }
export function entryLenColPtr(): usize { return cols.entryLenCol; }
export function entryIdsPtr(): usize { return cols.entryIds; }
export function itemPtrColPtr(): usize { return cols.itemPtrCol; }
export function itemLenColPtr(): usize { return cols.itemLenCol; }
export function entryIdsLength(): i32 { return cols.entryIdsLen; }
export function resultsPtr(): usize { return results.resultsPtr; }
export function resultCount(): i32 { return results.resultCount; }
export function latePtr(): usize { return results.latePtr; }
export function lateCount(): i32 { return results.lateCount; }
export function openWindowSlots(): i32 { return pool.openSlots + sessions.openSessions + entries.openEntries(); }
export function openWindowCount(): i32 { return registry.winCount + sessions.openSessions; }
export function currentWatermark(): f64 { return clock.watermark; }
export function maxEventTime(): f64 { return clock.maxEventTime; }
