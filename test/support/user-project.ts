// A throwaway "user project" outside the repository: a package.json of the chosen module type and
// node_modules/eddy linked to this repository, so job files import from 'eddy' as a user's would.

import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli.js';

export interface UserProject {
  readonly dir: string;
  /** Writes a file in the project and returns its absolute path. */
  write(name: string, text: string): string;
  remove(): void;
}

/**
 * `type: 'module'` is an ESM package; `type: undefined` is what `npm init` writes (CommonJS by
 * default); `package: false` leaves no package.json at all (a job file in a bare directory).
 */
export function userProject(options: { readonly type?: 'module' | 'commonjs'; readonly package?: boolean } = {}): UserProject {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-user-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'eddy'), 'dir');
  if (options.package !== false) {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sensor-jobs', version: '1.0.0', ...(options.type ? { type: options.type } : {}) }, null, 2));
  }
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A sensor-stats-like job file importing from 'eddy'; `extra` is spliced into the definition. */
export function jobSource(options: { readonly name?: string; readonly extra?: string; readonly sinks?: string } = {}): string {
  return `import { count, defineJob, max, mean, min, sum, tumbling } from 'eddy';

export default defineJob({
  name: '${options.name ?? 'user-job'}',
  source: { stream: 'sensors', group: 'user-job' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  window: tumbling('10s'),
  outOfOrderness: '2s',
  aggregates: { count: count(), sum: sum('value'), min: min('value'), max: max('value'), mean: mean('value') },
  ${options.sinks ?? ''}
  ${options.extra ?? ''}
});
`;
}
