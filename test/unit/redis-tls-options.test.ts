import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../src/redis/redis-url.js';
import { TlsCaFileUnreadable, tlsOptions } from '../../src/redis/redis-tls.js';

describe('TLS options shared by the ioredis connections and the reader sockets', () => {
  it('a host name is sent as SNI servername; an IP address is not (RFC 6066), and is checked against IP subjectAltNames', () => {
    expect(tlsOptions(parseRedisUrl('rediss://cache.example.com:6380'))).toEqual({ servername: 'cache.example.com' });
    expect(tlsOptions(parseRedisUrl('rediss://127.0.0.1:6380'))).toEqual({});
    expect(tlsOptions(parseRedisUrl('rediss://[::1]:6380'))).toEqual({});
  });

  it('without a CA file, Node’s CAs are used (no `ca`: NODE_EXTRA_CA_CERTS still applies) and verification stays on', () => {
    const o = tlsOptions(parseRedisUrl('rediss://h'));
    expect(o.ca).toBeUndefined();
    expect(o.rejectUnauthorized).toBeUndefined(); // Node's default: true
  });

  it('with a CA file, its PEM bytes are the trusted CAs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-ca-'));
    try {
      const file = join(dir, 'ca.pem');
      writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const o = tlsOptions(parseRedisUrl('rediss://h', { tlsCaFile: file }));
      expect(Buffer.isBuffer(o.ca) && o.ca.toString()).toContain('BEGIN CERTIFICATE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unreadable CA file is a typed error naming the file and the option', () => {
    const endpoint = parseRedisUrl('rediss://u:pw-not-shown@h', { tlsCaFile: '/nonexistent/eddy-ca.pem' });
    expect(() => tlsOptions(endpoint)).toThrow(TlsCaFileUnreadable);
    expect(() => tlsOptions(endpoint)).toThrow(/\/nonexistent\/eddy-ca\.pem.*--tls-ca.*ENOENT/);
  });
});
