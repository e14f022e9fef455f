// The module's exports, and nothing else. One instance serves one partition: its key table,
// open windows and clock are the partition's state.

export { layoutSignature } from './layout';
export { frameLength } from './resp-frame';
export { reserveInput, reserveScratch } from './input-region';
export { setBatchCapacity, setItemCount } from './batch-columns';
export { configureDecode, configureTimeBounds, reserveName, decodeReply } from './entry-decode';
export { internKey, keyTableSize, keyBytesPtr, keyBytesLen } from './key-table';
export { configureAccs, setAcc, setAccParams, initAccWords } from './accumulators';
export { mergeAccs } from './accumulator-merges';
export { hostItemAlloc } from './host-items';
export { windowStateBytes } from './window-store';
export { configureStateLimits, stateKeyCount } from './state-limits';
export { configureWatermark } from './watermark';
export { configureWindows, configureSessionWindows, configureRollingWindows } from './window-kind';
export { processBatch, processIdle } from './window-process';
export { configureRevisions, muteRowsBefore } from './window-revisions';
export { configureSessionRevisions } from './session-revisions';
export { resultStride } from './window-results';
export * from './exported-state';
export * from './hash64';
export * from './ddsketch';
export * from './hyperloglog';
export {
  ssCreate, ssFree, ssCapacity, ssCount, ssSize, ssMinCount, ssBytes, ssAdd, ssAddMany, ssTop, ssEntryBytes, ssStaging,
} from './space-saving';
export { ssMerge } from './space-saving-merge';
export * from './detectors/detector-dispatch';
export { configureDetect, detectEvents, detectRowsPtr, detectStateBytes, detectSnapshotBytes, detectSnapshot, detectRestore } from './detect-events';
export { ctxCreate, ctxStep, ctxStateBytes, ctxFree } from './detectors/context-detector';
export { earliestOpenStart, restoreClock } from './window-recovery';
export { setClock } from './watermark';
export { takeSessionAnchors, sessionAnchorsPtr, restoreSessionAnchor } from './session-anchors';
