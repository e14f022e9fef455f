// The NAB corpus in memory: every series, its labelled windows and its scoring layout.

import type { NabProfiles } from './nab-profiles.js';
import { layoutNabFile, type NabFileLayout, type NabWindowText } from './nab-windows.js';

/** One series of the corpus with its windows, laid out for scoring. */
export interface NabFile {
  /** Path relative to the corpus's `data/`, as the label file names it, e.g. `realKnownCause/nyc_taxi.csv`. */
  readonly path: string;
  /** Epoch ms of each row (NAB's times carry no zone; they are read as UTC). */
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly windows: readonly NabWindowText[];
  readonly layout: NabFileLayout;
}

/** The series, windows and profiles a detector is scored on. */
export interface NabCorpus {
  /** Where it was read from, for messages; `(in memory)` for a built one. */
  readonly dir: string;
  readonly files: readonly NabFile[];
  readonly profiles: NabProfiles;
  /** Every labelled window, scored or not: NAB's perfect score counts them all. */
  readonly labelledWindowCount: number;
  readonly rowCount: number;
}

/** One series before layout: what {@link buildNabCorpus} needs. */
export interface NabFileInput {
  readonly path: string;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly windows: readonly NabWindowText[];
}

/** Lays out each file and assembles a corpus; throws as {@link layoutNabFile} does on bad windows. */
export function buildNabCorpus(inputs: readonly NabFileInput[], profiles: NabProfiles, dir = '(in memory)'): NabCorpus {
  const files = inputs.map((f) => ({ ...f, layout: layoutNabFile(f.path, f.timestamps, f.windows) }));
  return {
    dir,
    files,
    profiles,
    labelledWindowCount: files.reduce((sum, f) => sum + f.windows.length, 0),
    rowCount: files.reduce((sum, f) => sum + f.timestamps.length, 0),
  };
}
