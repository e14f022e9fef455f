/** A node to connect to first. */
export interface RedisSeed {
  readonly host: string;
  readonly port: number;
}

/**
 * Where and how to connect, parsed once from a `redis://` or `rediss://` URL — or from several,
 * comma-separated, naming nodes of one Redis Cluster (`redis://a:7000,redis://b:7000`).
 */
export interface RedisEndpoint {
  /** The first URL's node. */
  readonly host: string;
  readonly port: number;
  /** Every node the URL names, the first one first: where a cluster client starts looking. */
  readonly seeds: readonly RedisSeed[];
  /** The nodes form a Redis Cluster (found out at start-up: `INFO cluster` says cluster_enabled:1). */
  readonly cluster: boolean;
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
  /** Connect as to a Redis Cluster (the control plane found out, and tells the worker threads). @default false */
  readonly cluster?: boolean;
}

/**
 * Parses a Redis URL, or a comma-separated list of URLs naming nodes of one cluster (same scheme,
 * user, password and database 0 in each); errors never echo the password.
 */
export function parseRedisUrl(url: string, options: RedisConnectOptions = {}): RedisEndpoint {
  const parts = splitUrls(url);
  if (parts.length === 1) return parseOne(url, options);
  const endpoints = parts.map((part) => parseOne(part, options));
  const first = endpoints[0]!;
  for (const e of endpoints) {
    if (e.tls !== first.tls || e.username !== first.username || e.password !== first.password || e.db !== 0) {
      throw new Error(`the Redis URLs ${redact(url)} name cluster nodes differently: give every node the same scheme, user and password, and no database (a cluster has only database 0)`);
    }
  }
  return { ...first, seeds: endpoints.map((e) => e.seeds[0]!), redacted: redact(url) };
}

function parseOne(url: string, options: RedisConnectOptions): RedisEndpoint {
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
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = u.port ? Number(u.port) : 6379;
  if (options.cluster && db !== 0) throw new Error(`Redis URL ${redact(url)} names database ${db}, but Redis Cluster has only database 0: drop the /${db}`);
  const endpoint: RedisEndpoint = {
    host,
    port,
    seeds: [{ host, port }],
    cluster: options.cluster ?? false,
    tls: u.protocol === 'rediss:',
    db,
    redacted: redact(url),
    ...(u.username ? { username: decodeUserInfo(u.username, url) } : {}),
    ...(u.password ? { password: decodeUserInfo(u.password, url) } : {}),
    ...(options.tlsCaFile !== undefined ? { tlsCaFile: options.tlsCaFile } : {}),
  };
  return endpoint;
}

/** The URL (or comma-separated URLs) with passwords masked. The user info ends at the last '@' before the path (as URL parsing has it). */
export function redact(url: string): string {
  const parts = splitUrls(url);
  return parts.length === 1 ? redactOne(url) : parts.map(redactOne).join(',');
}

/** Only a comma followed by another URL separates: a raw comma in a password stays in it (and masked). */
function splitUrls(url: string): string[] {
  return url.split(/,(?=\s*rediss?:\/\/)/).map((part) => part.trim());
}

function redactOne(url: string): string {
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
