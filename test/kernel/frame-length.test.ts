import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantiateKernel, type KernelExports } from '../../src/wasm/kernel-module.js';
import { FRAME_INCOMPLETE, FRAME_PROTOCOL_ERROR } from '../../src/wasm/layout.js';
import { parseResp } from '../../src/reference/resp-value.js';
import { encodeResp, type RespTree } from '../support/resp-builder.js';

/** Copies `bytes` into the kernel's input region and frames bytes[0..len). */
function frameLength(k: KernelExports, bytes: Uint8Array, len = bytes.length): number {
  const base = k.reserveInput(Math.max(bytes.length, 1), 0);
  new Uint8Array(k.memory.buffer).set(bytes, base);
  return k.frameLength(base, len);
}

const lineText = fc.string({ unit: fc.constantFrom(...'abcXYZ 09:-+$*_\t'.split('')), maxLength: 12 });
const bulkBytes = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  // Bulk strings that look like RESP themselves must still be skipped by length.
  fc.constantFrom('\r\n', '*3\r\n', '$-1\r\n', '-ERR\r\n', ':1\r\n').map((s) => Buffer.from(s)),
);
const respTree: fc.Arbitrary<RespTree> = fc.letrec<{ value: RespTree }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    bulkBytes.map((v): RespTree => ({ t: 'bulk', v })),
    fc.constant<RespTree>({ t: 'nil-bulk' }),
    lineText.map((v): RespTree => ({ t: 'simple', v })),
    lineText.map((v): RespTree => ({ t: 'error', v: `ERR ${v}` })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v): RespTree => ({ t: 'int', v })),
    fc.constant<RespTree>({ t: 'nil-array' }),
    fc.array(tie('value'), { maxLength: 5 }).map((v): RespTree => ({ t: 'array', v })),
  ),
})).value;

describe('frameLength (WASM) finds where the first RESP2 reply ends, exactly as the reference parser does', () => {
  const k = instantiateKernel('debug');

  it('equals the byte length parseResp finds, for random replies', () => {
    fc.assert(
      fc.property(respTree, (tree) => {
        const bytes = encodeResp(tree);
        expect(parseResp(bytes)?.end).toBe(bytes.length);
        expect(frameLength(k, bytes)).toBe(bytes.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('ignores whatever follows the first reply (the start of the next one)', () => {
    fc.assert(
      fc.property(respTree, respTree, fc.nat(), (first, second, cut) => {
        const a = encodeResp(first);
        const b = encodeResp(second);
        const bytes = Buffer.concat([a, b.subarray(0, cut % (b.length + 1))]);
        expect(frameLength(k, bytes)).toBe(a.length);
      }),
      { numRuns: 500 },
    );
  });

  it('is -1 (incomplete) for every strict prefix of a reply', () => {
    fc.assert(
      fc.property(respTree, (tree) => {
        const bytes = encodeResp(tree);
        for (let len = 0; len < bytes.length; len++) {
          if (frameLength(k, bytes, len) !== FRAME_INCOMPLETE) {
            throw new Error(`prefix of ${len}/${bytes.length} bytes ${JSON.stringify(bytes.subarray(0, len).toString('latin1'))} framed as ${frameLength(k, bytes, len)}`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a nil reply', '*-1\r\n', 5],
    ['an empty array', '*0\r\n', 4],
    ['an error reply', '-NOGROUP No such key\r\n', 22],
    ['a nested XREADGROUP reply, then the next', '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nk\r\n$1\r\nv\r\n*-1\r\n', 50],
  ])('%s: %j is %i bytes', (_what, text, len) => {
    expect(frameLength(k, Buffer.from(text))).toBe(len);
  });

  it.each([
    ['an unknown type byte', '!3\r\nabc\r\n'],
    ['a length that is not a number', '$x\r\nabc\r\n'],
    ['a header ending in a bare CR', '*1\rx'],
    ['a simple string with a bare CR', '+OK\rX\n'],
  ])('%s is a protocol error, not "incomplete"', (_what, text) => {
    expect(frameLength(k, Buffer.from(text))).toBe(FRAME_PROTOCOL_ERROR);
  });
});
