import { describe, expect, it } from 'vitest';
import { checkpointKey, hashTagOf, leaseKey, partitionStream } from '../../src/redis/keys.js';

describe('partition streams and their keys share one cluster hash tag per partition', () => {
  it.each([
    ['sensors', 0, 'sensors:{sensors:0}'],
    ['sensors', 7, 'sensors:{sensors:7}'],
    ['a:b', 12, 'a:b:{a:b:12}'],
  ])('partition %j #%i reads stream %j', (base, p, stream) => {
    expect(partitionStream(base, p)).toBe(stream);
  });

  it('each partition stream has its own hash tag, so partitions spread over cluster slots', () => {
    const tags = Array.from({ length: 16 }, (_, p) => hashTagOf(partitionStream('s', p)));
    expect(tags).toEqual(Array.from({ length: 16 }, (_, p) => `s:${p}`));
  });

  it.each([
    ['sensors:{sensors:3}', 'sensors:3'],
    ['sensors', 'sensors'],
    ['odd{}name', 'odd{}name'],
    ['x{a}y{b}', 'a'],
  ])('the hash tag of %j is %j (the first non-empty {…}, else the whole name)', (stream, tag) => {
    expect(hashTagOf(stream)).toBe(tag);
  });

  it('a checkpoint key lands in its stream’s slot', () => {
    expect(checkpointKey('stats', 'sensors:{sensors:3}')).toBe('eddy:stats:checkpoint:{sensors:3}');
    expect(checkpointKey('stats', 'sensors')).toBe('eddy:stats:checkpoint:{sensors}');
  });

  it('a lease key lands in its stream’s slot, next to the checkpoint', () => {
    expect(leaseKey('stats', 'sensors:{sensors:3}')).toBe('eddy:stats:lease:{sensors:3}');
    expect(leaseKey('stats', 'sensors')).toBe('eddy:stats:lease:{sensors}');
  });
});
