// Finding and reading the NAB corpus on disk. The data is never copied into the repository: it is
// read at run time from ../shared/data/nab beside the repository, or from $EDDY_NAB_DIR.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvSeries } from '../series/csv-series.js';
import { buildNabCorpus, type NabCorpus, type NabFileInput } from './nab-corpus.js';
import { parseNabProfiles } from './nab-profiles.js';
import type { NabWindowText } from './nab-windows.js';

/** The environment variable that points at the NAB directory (holding data/, labels/, profiles.json). */
export const NAB_DIR_ENV = 'EDDY_NAB_DIR';

const LABELS = join('labels', 'combined_windows.json');
const PROFILES = 'profiles.json';

// src/nab/ and dist/nab/ are both two levels below the repository root.
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The NAB directory: `$EDDY_NAB_DIR`, else `../shared/data/nab` relative to the repository root. */
export function resolveNabDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[NAB_DIR_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : resolve(REPO_ROOT, '..', 'shared', 'data', 'nab');
}

/** Whether `dir` holds NAB's label file and profiles (tests skip the real-corpus cases without them). */
export function nabDataAvailable(dir: string = resolveNabDir()): boolean {
  return existsSync(join(dir, LABELS)) && existsSync(join(dir, PROFILES));
}

/**
 * Reads the whole corpus: every file the label file names, its windows and the three profiles.
 * Throws when the data is missing (saying how to point EDDY_NAB_DIR at it) or a file has bad rows.
 */
export async function loadNabCorpus(dir: string = resolveNabDir()): Promise<NabCorpus> {
  if (!nabDataAvailable(dir)) {
    throw new Error(
      `NAB data not found in ${dir} (looked for ${LABELS} and ${PROFILES}): set ${NAB_DIR_ENV} to the ` +
        `directory holding NAB's data/, labels/ and profiles.json, or put it at ../shared/data/nab beside the repository`,
    );
  }
  const labels = JSON.parse(await readFile(join(dir, LABELS), 'utf8')) as Record<string, [string, string][]>;
  const profiles = parseNabProfiles(JSON.parse(await readFile(join(dir, PROFILES), 'utf8')), join(dir, PROFILES));
  const inputs = await Promise.all(
    Object.keys(labels)
      .sort()
      .map(async (path): Promise<NabFileInput> => {
        const file = join(dir, 'data', path);
        const series = await readCsvSeries(file);
        const firstBad = series.bad[0];
        if (firstBad !== undefined) {
          throw new Error(
            `${file} line ${firstBad.line}: ${firstBad.reason}; NAB's files have no bad rows, so restore the file`,
          );
        }
        const windows: NabWindowText[] = (labels[path] ?? []).map(([start, end]) => [start, end]);
        return { path, timestamps: series.timestamps, values: series.values, windows };
      }),
  );
  return buildNabCorpus(inputs, profiles, dir);
}
