// TLS options for both kinds of Redis connection — ioredis' command connections and the bare
// reader sockets — built in one place so that they cannot verify the server differently.

import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { RedisEndpoint } from './redis-url.js';

/** The TLS CA file named for a `rediss://` URL could not be read. */
export class TlsCaFileUnreadable extends Error {
  override readonly name = 'TlsCaFileUnreadable';
}

const caCache = new Map<string, Buffer>();

/**
 * `tls.connect` options for a `rediss://` endpoint: the server's certificate is always verified —
 * against the CA file when one was given, otherwise Node's CAs (which NODE_EXTRA_CA_CERTS extends).
 * SNI carries host names only: RFC 6066 forbids IP addresses there, and Node checks an IP host
 * against the certificate's IP subjectAltNames without it.
 */
export function tlsOptions(endpoint: RedisEndpoint): ConnectionOptions {
  const options: ConnectionOptions = net.isIP(endpoint.host) ? {} : { servername: endpoint.host };
  if (endpoint.tlsCaFile !== undefined) options.ca = readCa(endpoint.tlsCaFile);
  return options;
}

function readCa(file: string): Buffer {
  let ca = caCache.get(file);
  if (ca === undefined) {
    try {
      ca = readFileSync(file);
    } catch (e) {
      throw new TlsCaFileUnreadable(`cannot read the TLS CA file "${file}" (--tls-ca / EDDY_TLS_CA_FILE): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    caCache.set(file, ca);
  }
  return ca;
}

/** Node's codes for a server certificate that failed verification. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE',
]);

/**
 * What to tell the user when the first connection fails: ioredis reports only "max retries", so
 * the connection's own last error is passed in too. The text never holds the password: the URL is
 * the redacted one, and Node's and Redis' messages do not echo credentials.
 */
export function connectFailure(endpoint: RedisEndpoint, failed: Error, lastConnectionError: Error | undefined): string {
  const cause = lastConnectionError ?? failed;
  const code = (cause as NodeJS.ErrnoException).code;
  if (code !== undefined && CERTIFICATE_CODES.has(code)) {
    return `the TLS certificate of Redis at ${endpoint.redacted} is not trusted (${cause.message}): trust its CA with --tls-ca <file> / EDDY_TLS_CA_FILE, or NODE_EXTRA_CA_CERTS`;
  }
  return `cannot reach Redis at ${endpoint.redacted} (${cause.message}): start redis-server or point --redis / REDIS_URL at one`;
}
