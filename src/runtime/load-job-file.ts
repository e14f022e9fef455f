import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
  const url = pathToFileURL(path).href;
  const mod = (await (/\.[cm]?tsx?$/.test(path) ? tsImport(url, import.meta.url) : import(url))) as { default?: unknown };
  // tsx may wrap a CommonJS-shaped module once more.
  let def = mod.default;
  if (def && typeof def === 'object' && 'default' in def && !('name' in def)) def = (def as { default: unknown }).default;
  if (def === undefined) throw new Error(`${file} has no default export: end it with \`export default defineJob({ ... })\``);
  return resolveJob(def);
}
