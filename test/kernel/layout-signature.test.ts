import { describe, expect, it } from 'vitest';
import { instantiateKernel, kernelModule } from '../../src/wasm/kernel-module.js';
import { layoutSignature } from '../../src/wasm/layout.js';

describe("both WASM builds were compiled from the layout that src/wasm/layout.ts mirrors", () => {
  it.each(['release', 'debug'] as const)('the %s build instantiates, and its layoutSignature equals the mirror’s', (build) => {
    const kernel = instantiateKernel(build);
    expect(kernel.layoutSignature()).toBe(layoutSignature());
  });

  it('the two builds are different modules (debug is not a copy of release)', () => {
    expect(kernelModule('debug')).not.toBe(kernelModule('release'));
    const exportsOf = (b: 'debug' | 'release') => WebAssembly.Module.exports(kernelModule(b)).map((e) => e.name).sort();
    expect(exportsOf('debug')).toEqual(exportsOf('release'));
  });
});
