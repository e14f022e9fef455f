import type { OutputField } from '../job/resolved-job.js';
import type { KernelExports } from './kernel-module.js';
import { SS_ENTRY_BYTES } from './space-saving-exports.js';
import { numberText } from '../pipeline/number-text.js';

/** The sketch queries the pipeline needs (see assembly/ddsketch.ts, hyperloglog.ts, space-saving.ts). */
interface SketchQueryExports {
  ddsQuantile(s: number, q: number): number;
  hllEstimate(s: number): number;
  ssTop(s: number, k: number, out: number): number;
  ssStaging(bytes: number): number;
}

/**
 * Text of a sketch-backed output field, read from the sketch whose address a result record holds.
 * The sketch stays alive until the kernel's next batch, which frees it.
 */
export function sketchOutputText(wasm: KernelExports, f: OutputField & { from: 'quantile' | 'distinct' | 'topK' }, address: number): string {
  const q = wasm as unknown as SketchQueryExports;
  switch (f.from) {
    case 'quantile':
      return numberText(q.ddsQuantile(address, f.q));
    case 'distinct':
      return String(Math.round(q.hllEstimate(address)));
    case 'topK': {
      const out = q.ssStaging(f.k * SS_ENTRY_BYTES);
      const n = q.ssTop(address, f.k, out);
      const view = new DataView(wasm.memory.buffer);
      const u8 = new Uint8Array(wasm.memory.buffer);
      const entries: { value: string; count: number; error: number }[] = [];
      for (let i = 0; i < n; i++) {
        const at = out + i * SS_ENTRY_BYTES;
        const ptr = view.getUint32(at + 16, true);
        const len = view.getInt32(at + 20, true);
        entries.push({
          value: Buffer.from(u8.subarray(ptr, ptr + len)).toString('utf8'),
          count: view.getFloat64(at, true),
          error: view.getFloat64(at + 8, true),
        });
      }
      return JSON.stringify(entries);
    }
  }
}
