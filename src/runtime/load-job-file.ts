import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { resolveJob } from '../job/resolve-job.js';
import type { ResolvedJob } from '../job/resolved-job.js';

/**
 * Imports a job file (TypeScript or JavaScript) and validates its default export. TypeScript is
 * transpiled by tsx without type-checking; `npm run typecheck` (tsc) is where types are enforced,
 * and resolveJob repeats the checks at start-up for files that were never type-checked.
 */
export async function loadJobFile(file: string): Promise<ResolvedJob> {
  const path = resolve(file);
  if (!existsSync(path)) throw new Error(`job file not found: ${path}`);
  if (/\.tsx?$/.test(path) && !inModulePackage(path)) {
    // tsx would compile it as CommonJS and load a second copy of eddy's dependencies beside the
    // ESM ones already running, which fails in obscure ways; say what to change instead.
    throw new Error(
      `job file ${path} would load as CommonJS (its package.json has no "type": "module"): rename it to .mts, or add "type": "module" to the package.json`,
    );
  }
  const url = pathToFileURL(path).href;
  const mod = (await (/\.[cm]?tsx?$/.test(path) ? tsImport(url, import.meta.url) : import(url))) as { default?: unknown };
  if (mod.default === undefined) throw new Error(`${file} has no default export: end it with \`export default defineJob({ ... })\``);
  return resolveJob(mod.default);
}

/** Whether the nearest package.json above `file` declares "type": "module". */
function inModulePackage(file: string): boolean {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}
