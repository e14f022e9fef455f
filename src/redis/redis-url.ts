/** Where and how to connect, parsed once from a `redis://` or `rediss://` URL. */
export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  /** `rediss://` only: a PEM file of the certificate authorities to trust instead of Node's default ones. */
  readonly tlsCaFile?: string;
  /** The URL with any password replaced by `***`: the only form that appears in logs and errors. */
  readonly redacted: string;
}

/** How to connect beyond what a URL says. */
export interface RedisConnectOptions {
  /** Trust the CA certificates in this PEM file for `rediss://` (`--tls-ca`, `EDDY_TLS_CA_FILE`). @default Node's CAs, plus NODE_EXTRA_CA_CERTS */
  readonly tlsCaFile?: string;
}

/** Parses a Redis URL; errors never echo the password. */
export function parseRedisUrl(url: string, options: RedisConnectOptions = {}): RedisEndpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a Redis URL: "${redact(url)}" (expected redis://[user:password@]host[:port][/db] or rediss://… for TLS)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`unsupported Redis URL scheme "${u.protocol}" in ${redact(url)}: use redis:// or rediss://`);
  }
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`Redis URL ${redact(url)} names database "${u.pathname.slice(1)}": use a number, e.g. redis://host:6379/0`);
  if (options.tlsCaFile !== undefined && u.protocol !== 'rediss:') {
    throw new Error(`a TLS CA file (--tls-ca / EDDY_TLS_CA_FILE) was given for ${redact(url)}, which does not use TLS: use a rediss:// URL`);
  }
  const endpoint: RedisEndpoint = {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    tls: u.protocol === 'rediss:',
    db,
    redacted: redact(url),
    ...(u.username ? { username: decodeUserInfo(u.username, url) } : {}),
    ...(u.password ? { password: decodeUserInfo(u.password, url) } : {}),
    ...(options.tlsCaFile !== undefined ? { tlsCaFile: options.tlsCaFile } : {}),
  };
  return endpoint;
}

/** The URL with its password masked. The user info ends at the last '@' before the path (as URL parsing has it). */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href.replace(/\/$/, '');
  } catch {
    // Not a URL: mask everything up to the last '@', wherever the password might end.
    return url.replace(/^(\s*\w+:\/\/[^:@/]*:)[^]*@/, '$1***@');
  }
}

function decodeUserInfo(text: string, url: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error(`Redis URL ${redact(url)} has a malformed %-escape in its user or password: percent-encode special characters (% as %25)`);
  }
}
