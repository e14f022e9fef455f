import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../src/redis/redis-url.js';
import { connectFailure } from '../../src/redis/redis-tls.js';

/** The error parseRedisUrl throws for `url`, or undefined when it parses. */
function thrownMessage(url: string): string | undefined {
  try {
    parseRedisUrl(url);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Every text in which the password could leak: the redacted URL or the error. */
function visibleText(url: string): string {
  const message = thrownMessage(url);
  return message ?? parseRedisUrl(url).redacted;
}

describe('the password of a Redis URL never appears in `redacted` nor in an error', () => {
  it.each([
    ['a user and password', 'redis://u:s3cr3t-pw@h:6379/0', 'redis://u:***@h:6379/0'],
    ['a password alone', 'redis://:s3cr3t-pw@h', 'redis://:***@h'],
    ['TLS', 'rediss://u:s3cr3t-pw@h', 'rediss://u:***@h'],
    ['TLS with port and database', 'rediss://u:s3cr3t-pw@cache.example.com:6380/2', 'rediss://u:***@cache.example.com:6380/2'],
    ['TLS, password alone, IP host', 'rediss://:s3cr3t-pw@127.0.0.1:6390', 'rediss://:***@127.0.0.1:6390'],
  ])('%s: %s → %s', (_what, url, redacted) => {
    const e = parseRedisUrl(url);
    expect(e.password).toBe('s3cr3t-pw');
    expect(e.redacted).toBe(redacted);
  });

  it.each([
    ['an unsupported scheme', 'http://u:s3cr3t-pw@h'],
    ['a database name', 'redis://u:s3cr3t-pw@h/cache'],
    ['a bad port', 'redis://u:s3cr3t-pw@h:port'],
    ['a password with a slash (not a URL)', 'redis://u:s3cr3t/pw@h'],
    ['a TLS URL with a bad port', 'rediss://u:s3cr3t-pw@h:port'],
    ['a TLS URL with a database name', 'rediss://u:s3cr3t-pw@h/cache'],
  ])('the error for %s does not echo the password', (_what, url) => {
    const message = thrownMessage(url);
    expect(message).toBeDefined();
    expect(message).not.toContain('s3cr3t');
  });

  // WHATWG URLs split user info at the *last* '@' of the authority, so an unencoded '@' belongs to
  // the password; the redaction must mask up to that same '@'.
  it("a password holding an unencoded '@' is masked whole", () => {
    const url = 'redis://u:a@b@host';
    expect(parseRedisUrl(url).password).toBe('a@b');
    expect(parseRedisUrl(url).redacted).toBe('redis://u:***@host');
  });

  // new URL() ignores leading and trailing whitespace; a URL pasted from a config file with a
  // leading space still parses, so it must still be redacted.
  it('a URL with leading whitespace is still redacted', () => {
    const url = ' redis://u:s3cr3t-pw@h';
    expect(parseRedisUrl(url).password).toBe('s3cr3t-pw');
    expect(parseRedisUrl(url).redacted).not.toContain('s3cr3t-pw');
  });

  it('holds for passwords drawn at random, percent-encoded as a URL requires', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), fc.constantFrom('', 'user'), fc.constantFrom('', '/0', '/db', ':70000'), (drawn, user, tail) => {
        // The marker keeps the password from matching the fixed words of an error message.
        const pw = `Zx9${drawn}`;
        const url = `redis://${user}:${encodeURIComponent(pw)}@cache${tail}`;
        const shown = visibleText(url);
        return !shown.includes(encodeURIComponent(pw)) && !shown.includes(pw);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for passwords drawn at random and written unencoded', () => {
    // Capital letters and punctuation only, no '*', and lower-case hosts: neither the fixed words of a
    // message, nor the mask, nor the rest of a correctly redacted URL can hold the password by chance.
    const pwChar = fc.constantFrom(...'XY@:!'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: pwChar, minLength: 3, maxLength: 12 }), fc.constantFrom('h', 'host', 'cache.local'), (pw, host) => {
        const url = `redis://u:${pw}@${host}`;
        const shown = visibleText(url);
        return !shown.includes(pw);
      }),
      { numRuns: 2000 },
    );
  });

  it('a TLS CA file given for a redis:// URL is refused without echoing the password', () => {
    let message = '';
    try {
      parseRedisUrl('redis://u:s3cr3t-pw@h', { tlsCaFile: '/etc/ca.pem' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('rediss://');
    expect(message).not.toContain('s3cr3t');
  });

  it('connection failures name the redacted URL only, for certificate errors and others', () => {
    const endpoint = parseRedisUrl('rediss://u:s3cr3t-pw@h:6380');
    const certificate = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6380'), { code: 'ECONNREFUSED' });
    const tls = connectFailure(endpoint, new Error('Reached the max retries per request limit'), certificate);
    expect(tls).toContain('rediss://u:***@h:6380');
    expect(tls).toContain('--tls-ca');
    expect(tls).toContain('self-signed');
    const other = connectFailure(endpoint, new Error('Reached the max retries per request limit'), refused);
    expect(other).toContain('ECONNREFUSED');
    expect(other).toContain('start redis-server');
    for (const m of [tls, other]) expect(m).not.toContain('s3cr3t');
  });
});
