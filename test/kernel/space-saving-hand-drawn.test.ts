import { describe, expect, it } from 'vitest';
import type { SpaceSavingEntry } from '../../src/reference/space-saving-reference.js';
import { addAll, debugSpaceSaving, referenceSketch, wasmEntries, wasmSketch } from '../support/space-saving-streams.js';

// Small sketches (m = 3) drawn by hand. Buckets are written `count:{counters}` with each bucket's
// counters in the order they reached that count; `x 2/1` is item x with count 2, error 1. When
// the sketch is full, the head of the smallest bucket (the counter that reached the minimum count
// first) takes the new item.

const ss = debugSpaceSaving();
const e = (item: string, count: number, error: number): SpaceSavingEntry => ({ item, count, error });

function both(m: number, stream: string): { wasm: SpaceSavingEntry[]; reference: SpaceSavingEntry[]; n: number } {
  const s = wasmSketch(ss, m, [...stream]);
  const wasm = wasmEntries(ss, s);
  const n = ss.ssCount(s);
  ss.ssFree(s);
  return { wasm, reference: referenceSketch(m, [...stream]).top(m), n };
}

describe('Space-Saving with three counters, drawn by hand', () => {
  it('a new item takes the oldest minimum counter and inherits its count as error', () => {
    //  a      1:{a}
    //  b      1:{a,b}
    //  a      1:{b}        2:{a}
    //  c      1:{b,c}      2:{a}
    //  d      1:{c}        2:{a, d 2/1}        b was first at count 1: replaced
    //  a      1:{c}        2:{d}      3:{a}
    //  b      2:{d, b 2/1} 3:{a}               c replaced
    const { wasm, reference, n } = both(3, 'abacdab');
    const expected = [e('a', 3, 0), e('b', 2, 1), e('d', 2, 1)];
    expect(wasm).toEqual(expected);
    expect(reference).toEqual(expected);
    expect(n).toBe(7);
  });

  it('among equal minimum counts, the counter that reached it first is replaced — not the lowest index, not the latest', () => {
    //  a b c  1:{a,b,c}
    //  b      1:{a,c}      2:{b}
    //  a      1:{c}        2:{b,a}
    //  d      2:{b,a,d 2/1}                    c replaced
    //  e      2:{a,d}      3:{e 3/2}           b reached 2 first (a has the lower index, d is the latest)
    const { wasm, reference } = both(3, 'abcbade');
    const expected = [e('e', 3, 2), e('a', 2, 0), e('d', 2, 1)];
    expect(wasm).toEqual(expected);
    expect(reference).toEqual(expected);
  });

  it('ties in the output are ordered by item bytes: empty first, a prefix before its extensions, 0xff last', () => {
    const items = ['\xff', 'b', 'ab', 'a', ''];
    const s = wasmSketch(ss, 5, items);
    const expected = ['', 'a', 'ab', 'b', '\xff'].map((item) => e(item, 1, 0));
    expect(wasmEntries(ss, s)).toEqual(expected);
    expect(referenceSketch(5, items).top(5)).toEqual(expected);
    ss.ssFree(s);
  });

  it('top(k) cuts after k entries, inside a bucket of ties', () => {
    const stream = [...'zzyxw'];
    const s = wasmSketch(ss, 4, stream);
    const expected = [e('z', 2, 0), e('w', 1, 0)];
    expect(wasmEntries(ss, s, 2)).toEqual(expected);
    expect(referenceSketch(4, stream).top(2)).toEqual(expected);
    ss.ssFree(s);
  });

  it('a merge sums both sides, a missing side counting its minimum, keeps the three largest and ranks ties by bytes', () => {
    //  A = aaabc:  1:{b,c}  3:{a}           minA = 1
    //  B = bbde:   1:{d,e}  2:{b}           minB = 1
    //  candidates: a 3+1 / 0+1 = 4/1,  b 1+2 = 3/0,  c 1+1 = 2/1,  d 1+1 = 2/1,  e 1+1 = 2/1
    //  kept (count desc, bytes asc):  a 4/1, b 3/0, c 2/1          n = 9, n/m = 3
    //  rebuilt:    2:{c}    3:{b}    4:{a}
    //  then d:     3:{b, d 3/2}   4:{a}     c replaced
    //  then e:     3:{d}   4:{a, e 4/3}     b replaced: it ranks first at count 3 (byte order at the merge)
    const a = wasmSketch(ss, 3, [...'aaabc']);
    const b = wasmSketch(ss, 3, [...'bbde']);
    const ra = referenceSketch(3, [...'aaabc']);
    const rb = referenceSketch(3, [...'bbde']);
    expect(ss.ssMerge(a, b)).toBe(1);
    ra.merge(rb);
    const merged = [e('a', 4, 1), e('b', 3, 0), e('c', 2, 1)];
    expect(wasmEntries(ss, a)).toEqual(merged);
    expect(ra.top(3)).toEqual(merged);
    expect(ss.ssCount(a)).toBe(9);
    addAll(ss, a, ['d', 'e']);
    ra.add('d');
    ra.add('e');
    const after = [e('a', 4, 1), e('e', 4, 3), e('d', 3, 2)];
    expect(wasmEntries(ss, a)).toEqual(after);
    expect(ra.top(3)).toEqual(after);
    ss.ssFree(a);
    ss.ssFree(b);
  });

  it('sketches of different capacities are not merged', () => {
    const a = wasmSketch(ss, 3, ['a']);
    const b = wasmSketch(ss, 4, ['b']);
    expect(ss.ssMerge(a, b)).toBe(0);
    expect(wasmEntries(ss, a)).toEqual([e('a', 1, 0)]);
    expect(() => referenceSketch(3, ['a']).merge(referenceSketch(4, ['b']))).toThrow(RangeError);
    ss.ssFree(a);
    ss.ssFree(b);
  });
});
