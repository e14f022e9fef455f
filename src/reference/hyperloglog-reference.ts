// HyperLogLog in plain TypeScript: the same register update and estimator as
// assembly/hyperloglog.ts (see its header for the method and its sources), written for reading.
// Both compute the estimate with the same f64 operations in the same order, so they agree to the
// bit, not just within the error bound.

import { DEFAULT_HLL_PRECISION } from '../wasm/hyperloglog-exports.js';

/** 1 / (2 ln 2), HyperLogLog's bias constant as m → ∞. */
const ALPHA_INF = 0.7213475204444817;

/** Σ-part of Ertl's estimator for the empty registers. */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let prev: number;
  do {
    x *= x;
    prev = z;
    z += x * y;
    y += y;
  } while (prev !== z);
  return z;
}

/** τ-part of Ertl's estimator for the saturated registers. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let prev: number;
  do {
    x = Math.sqrt(x);
    prev = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (prev !== z);
  return z / 3;
}

/** A dense HyperLogLog over 64-bit hashes (BigInt), the oracle of the WASM kernel. */
export class HyperLogLogReference {
  /** One u8 register per index, 2^precision of them. */
  readonly registers: Uint8Array;

  constructor(readonly precision: number = DEFAULT_HLL_PRECISION) {
    if (!Number.isInteger(precision) || precision < 4 || precision > 18) {
      throw new RangeError(`hyperloglog precision must be an integer 4 … 18, got ${precision}`);
    }
    this.registers = new Uint8Array(1 << precision);
  }

  /** Index: the top p bits; rank: 1 + leading zeros of the other 64 - p bits, at most 65 - p. */
  addHash(hash: bigint): void {
    const p = this.precision;
    const q = 64 - p;
    const index = Number(hash >> BigInt(q));
    const rest = BigInt.asUintN(q, hash);
    const rank = rest === 0n ? q + 1 : q - rest.toString(2).length + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  /** this := this ∪ other. */
  merge(other: HyperLogLogReference): void {
    if (other.precision !== this.precision) throw new RangeError('hyperloglog merge needs equal precisions');
    const a = this.registers;
    other.registers.forEach((v, i) => {
      if (v > a[i]!) a[i] = v;
    });
  }

  /** Ertl's improved estimator (arXiv:1702.01284, the one Redis uses): register histogram in, count out. */
  estimate(): number {
    const p = this.precision;
    const q = 64 - p;
    const m = 1 << p;
    const c = new Array<number>(q + 2).fill(0);
    for (const r of this.registers) c[r]!++;
    let z = m * tau((m - c[q + 1]!) / m);
    for (let k = q; k >= 1; k--) z = 0.5 * (z + c[k]!);
    z += m * sigma(c[0]! / m);
    return (ALPHA_INF * m * m) / z;
  }
}
