import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../src/redis/redis-url.js';

describe('parseRedisUrl reads host, port, database, TLS and credentials', () => {
  it.each([
    ['redis://localhost', { host: 'localhost', port: 6379, db: 0, tls: false }],
    ['redis://10.0.0.5:7000', { host: '10.0.0.5', port: 7000, db: 0, tls: false }],
    ['redis://cache:6380/4', { host: 'cache', port: 6380, db: 4, tls: false }],
    ['redis://cache/', { host: 'cache', port: 6379, db: 0, tls: false }],
    ['rediss://secure.example.com', { host: 'secure.example.com', port: 6379, db: 0, tls: true }],
    ['rediss://secure.example.com:6390/2', { host: 'secure.example.com', port: 6390, db: 2, tls: true }],
    ['redis://[::1]:6381', { host: '::1', port: 6381, db: 0, tls: false }],
  ])('%s', (url, expected) => {
    const e = parseRedisUrl(url);
    expect({ host: e.host, port: e.port, db: e.db, tls: e.tls }).toEqual(expected);
    expect(e.username).toBeUndefined();
    expect(e.password).toBeUndefined();
  });

  it.each(['redis://localhost', 'rediss://secure.example.com:6390/2', 'redis://reader@h:6379/1'])('%s has no password: shown as it is', (url) => {
    expect(parseRedisUrl(url).redacted).toBe(url);
  });

  it('user and password, percent-decoded', () => {
    const e = parseRedisUrl('redis://app%20user:p%40ss%3Aw0rd@h:6379/1');
    expect(e.username).toBe('app user');
    expect(e.password).toBe('p@ss:w0rd');
    expect(e.db).toBe(1);
  });

  it('a password without a user name (Redis AUTH <password>)', () => {
    const e = parseRedisUrl('redis://:hunter2@h');
    expect(e.username).toBeUndefined();
    expect(e.password).toBe('hunter2');
  });

  it('a user name without a password', () => {
    const e = parseRedisUrl('redis://reader@h');
    expect(e.username).toBe('reader');
    expect(e.password).toBeUndefined();
  });

  it.each([
    ['no scheme', 'localhost:6379'],
    ['an http URL', 'http://localhost:6379'],
    ['not a URL at all', 'not a url'],
    ['a database name', 'redis://h/cache'],
    ['a negative database', 'redis://h/-1'],
    ['a fractional database', 'redis://h/1.5'],
    ['a port that is not a number', 'redis://h:port'],
    ['a stray % in the password (not percent-encoded)', 'redis://u:50%off@h'],
  ])('%s is refused: %s', (_what, url) => {
    expect(() => parseRedisUrl(url)).toThrow(/redis:\/\//);
  });
});

describe('several comma-separated URLs name nodes of one cluster', () => {
  it('every node becomes a seed, the first one first; the password is masked in each', () => {
    const e = parseRedisUrl('redis://:s3cret@10.0.0.1:7000,redis://:s3cret@10.0.0.2:7001');
    expect(e.seeds).toEqual([{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }]);
    expect({ host: e.host, port: e.port, password: e.password }).toEqual({ host: '10.0.0.1', port: 7000, password: 's3cret' });
    expect(e.redacted).toBe('redis://:***@10.0.0.1:7000,redis://:***@10.0.0.2:7001');
  });

  it('a comma inside a password does not split the URL', () => {
    const e = parseRedisUrl('redis://u:pa,ss@h:7000');
    expect(e.seeds).toEqual([{ host: 'h', port: 7000 }]);
    expect(e.password).toBe('pa,ss');
  });

  it.each([
    ['different passwords', 'redis://:a@h1:7000,redis://:b@h2:7000'],
    ['TLS on one node only', 'rediss://h1:7000,redis://h2:7000'],
    ['a database', 'redis://h1:7000/1,redis://h2:7000/1'],
  ])('%s are refused', (_what, url) => {
    expect(() => parseRedisUrl(url)).toThrow(/same scheme, user and password, and no database/);
  });

  it('a database on a cluster is refused', () => {
    expect(() => parseRedisUrl('redis://h:7000/2', { cluster: true })).toThrow(/Redis Cluster has only database 0/);
  });
});
