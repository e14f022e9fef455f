import { expect, it } from 'vitest';
import { jobAclRule, scalerAclRule } from '../../src/k8s/redis-acl.js';

const job = {
  name: 'sensor-stats',
  partitions: ['sensors:{sensors:0}', 'sensors:{sensors:1}'],
  sinks: { output: 'sensor-stats:out', late: 'sensor-stats:late', deadLetter: 'sensor-stats:dlq' },
};

it("the job's ACL rule allows only eddy's commands on the job's partition streams, sinks and eddy:<job>:* keys", () => {
  const rule = jobAclRule(job);
  const tokens = rule.split(' ');
  expect(tokens.slice(0, 3)).toEqual(['ACL', 'SETUSER', 'eddy-sensor-stats']);
  expect(tokens).toEqual(expect.arrayContaining(['reset', 'on', 'resetchannels', '-@all']));
  expect(tokens.indexOf('-@all')).toBeLessThan(tokens.findIndex((t) => t.startsWith('+')));
  for (const c of ['+xread', '+xadd', '+xgroup|create', '+xgroup|setid', '+xinfo|groups', '+xinfo|stream', '+evalsha', '+eval', '+script|load', '+hget', '+hmget', '+hset', '+hincrby', '+set', '+get', '+pexpire', '+pttl', '+del', '+zadd', '+zrange', '+zremrangebyscore', '+time', '+ping', '+client|setname', '+info', '+type', '+wait', '+cluster|slots']) {
    expect(tokens).toContain(c);
  }
  expect(tokens.filter((t) => t.startsWith('~'))).toEqual([
    '~sensors:{sensors:0}', '~sensors:{sensors:1}', '~sensor-stats:out', '~sensor-stats:late', '~sensor-stats:dlq',
    // each partition's own sinks, which eddy writes on a Redis Cluster
    '~sensor-stats:out:{sensors:0}', '~sensor-stats:late:{sensors:0}', '~sensor-stats:dlq:{sensors:0}',
    '~sensor-stats:out:{sensors:1}', '~sensor-stats:late:{sensors:1}', '~sensor-stats:dlq:{sensors:1}',
    '~eddy:sensor-stats:*',
  ]);
  // No password in the rule, and nothing that grants everything.
  expect(tokens.some((t) => t.startsWith('>') || t === 'nopass' || t === '+@all' || t === 'allkeys' || t === '~*')).toBe(false);
});

it('glob characters in stream names are escaped, so the pattern matches that key only', () => {
  const rule = jobAclRule({ ...job, partitions: ['readings*[eu]?'] });
  expect(rule).toContain('~readings\\*\\[eu\\]\\?');
});

it("KEDA's scaler user may only read the partition streams' group info", () => {
  const tokens = scalerAclRule(job).split(' ');
  expect(tokens[2]).toBe('eddy-sensor-stats-scaler');
  expect(tokens.filter((t) => t.includes('~'))).toEqual(['%R~sensors:{sensors:0}', '%R~sensors:{sensors:1}']);
  expect(tokens).toContain('+xinfo|groups');
  expect(tokens.some((t) => ['+xadd', '+eval', '+evalsha', '+set', '+del'].includes(t))).toBe(false);
});

it('a key with a space cannot go into an ACL rule, and says so', () => {
  expect(() => jobAclRule({ ...job, partitions: ['my stream'] })).toThrow(/"~my stream".*space/);
});
