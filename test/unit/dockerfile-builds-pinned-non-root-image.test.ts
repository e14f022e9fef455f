// No Docker daemon on the machines that run these tests: the Dockerfile is checked by reading it.
// Each check is a property the image must have; the last one ties the image's contents to the
// files the built code reads at run time, so moving those files cannot silently break the image.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const text = readFileSync(fileURLToPath(new URL('../../deploy/Dockerfile', import.meta.url)), 'utf8');
const dockerignore = readFileSync(fileURLToPath(new URL('../../.dockerignore', import.meta.url)), 'utf8').split('\n').map((l) => l.trim());

/** Instructions with their continuation lines joined, comments dropped, split into stages at FROM. */
function stages(): { from: string; name: string | undefined; lines: string[] }[] {
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const out: { from: string; name: string | undefined; lines: string[] }[] = [];
  for (const line of joined) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ from: from[1]!, name: from[2], lines: [] });
    else out[out.length - 1]?.lines.push(line);
  }
  return out;
}

describe('deploy/Dockerfile', () => {
  const all = stages();
  const runtime = all[all.length - 1]!;
  const build = all.find((s) => s.name === 'build');

  it('is multi-stage, every stage on one Node 20 bookworm-slim release pinned to its patch version', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const arg = /^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1];
    expect(arg).toMatch(/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    for (const s of all) expect(s.from).toBe('${NODE_IMAGE}');
    expect(text).toMatch(/@sha256:<digest>/); // says how to pin the digest
  });

  it('builds WASM and TypeScript in the build stage, with dev dependencies and without the prepare script', () => {
    expect(build).toBeDefined();
    expect(build!.lines).toContain('RUN npm ci --ignore-scripts --no-audit --no-fund');
    expect(build!.lines).toContain('RUN npm run build');
    expect(build!.lines.indexOf('RUN npm run build')).toBeGreaterThan(build!.lines.findIndex((l) => l.startsWith('COPY assembly')));
  });

  it('ships only production dependencies, installed without running the build again', () => {
    expect(text).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    expect(runtime.lines.some((l) => /npm (ci|install)/.test(l))).toBe(false);
    expect(runtime.lines.some((l) => /COPY --from=build \/src\/node_modules/.test(l))).toBe(false);
  });

  it('runs as the non-root `node` user with `node bin/eddy.js` as entrypoint, job files in /app/jobs', () => {
    expect(runtime.lines).toContain('USER node');
    expect(runtime.lines.indexOf('USER node')).toBeGreaterThan(Math.max(...runtime.lines.map((l, i) => (l.startsWith('COPY') ? i : -1))));
    expect(runtime.lines).toContain('ENTRYPOINT ["node", "bin/eddy.js"]');
    expect(runtime.lines).toContain('WORKDIR /app');
    expect(runtime.lines).toContain('COPY examples/*.ts ./jobs/');
  });

  it('copies everything the built code reads from disk at run time: dist, the WASM kernels, the Lua scripts, package.json', () => {
    const copies = runtime.lines.filter((l) => l.startsWith('COPY')).join('\n');
    expect(copies).toContain('COPY --from=build /src/dist ./dist');
    // src/wasm/kernel-module.ts: ../../build/eddy.wasm (or eddy.debug.wasm with EDDY_WASM_BUILD=debug)
    expect(copies).toMatch(/COPY --from=build \/src\/build\/eddy\.wasm \/src\/build\/eddy\.debug\.wasm \.\/build\//);
    // src/redis/lua-scripts.ts: ../../src/redis/lua/<script>.lua
    expect(readFileSync(fileURLToPath(new URL('../../src/redis/lua-scripts.ts', import.meta.url)), 'utf8')).toContain('../../src/redis/lua/');
    expect(copies).toContain('COPY src/redis/lua ./src/redis/lua');
    // bin/eddy.js imports ../dist/cli.js; job files import `eddy`, resolved through package.json "exports".
    expect(copies).toContain('COPY bin ./bin');
    expect(copies).toContain('COPY package.json ./');
  });

  it('keeps local build outputs and node_modules out of the build context', () => {
    for (const p of ['node_modules', 'dist', 'build', '.git']) expect(dockerignore).toContain(p);
    for (const p of ['src', 'assembly', 'examples', 'bin', 'package.json']) expect(dockerignore).not.toContain(p);
  });
});
