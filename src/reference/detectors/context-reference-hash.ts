// Python 2.7's tuple hash, in BigInt: CAD OSE keyed its semi-contexts by the hash of their fact
// tuple and broke ties between active contexts by those hashes (context-reference-neurons.ts), so
// the reference has to compute exactly what Python 2.7 on 64-bit Linux did. Its own file, as in
// the kernel (assembly/detectors/context-hash.ts), because nothing else here needs 64-bit wrapping.

/** Python 2.7's hash of a tuple of non-negative ints (each int hashes to itself), as a signed 64-bit value. */
export function pythonTupleHash(facts: readonly number[]): bigint {
  let x = 0x345678n;
  let mult = 1000003n;
  let len = facts.length;
  for (const f of facts) {
    len--;
    x = BigInt.asIntN(64, (x ^ BigInt(f)) * mult);
    mult = BigInt.asIntN(64, mult + 82520n + BigInt(len + len));
  }
  x = BigInt.asIntN(64, x + 97531n);
  return x === -1n ? -2n : x;
}
