import type { ResolvedJob } from '../job/resolved-job.js';
import { partitionSink, repartitionCheckpointKey } from '../redis/keys.js';
import { resolveRepartitionOptions } from '../repartition/repartition-options.js';

/**
 * Commands eddy's processes send, directly or from its Lua scripts (Redis checks a script's calls
 * against the caller's ACL too), grouped by who sends them. `cmd|sub` allows one subcommand only.
 */
const JOB_COMMANDS = [
  // connection set-up: ioredis (CLIENT SETNAME, INFO for its ready check), the bare reader socket.
  // Not CLIENT SETINFO: Redis 7.0 (eddy's minimum) has no such subcommand and refuses the whole rule
  // over it (test/e2e/acl-user-with-documented-rule-runs-the-job.test.ts); clients that send it on
  // 7.2+ (ioredis, go-redis) ignore its refusal.
  'auth', 'hello', 'select', 'ping', 'quit', 'info', 'client|setname', 'client|info',
  // start-up: sink types, consumer groups; progress and restore read the group
  'type', 'xgroup|create', 'xinfo|groups',
  // entries other consumers of the group left pending: found at start, acknowledged once read past,
  // their consumers deleted (src/pipeline/others-pending.ts)
  'xpending', 'xack', 'xinfo|consumers', 'xgroup|delconsumer',
  // the read loop
  'xread',
  // scripts: commit-7, lease-acquire-2, lease-renew-1, lease-release-1, members-heartbeat-1 (ioredis: EVALSHA, EVAL on NOSCRIPT)
  'evalsha', 'eval', 'script|load',
  // … and what they call
  'get', 'set', 'del', 'pexpire', 'pttl', 'hget', 'hmget', 'hset', 'hincrby',
  'xadd', 'xinfo|stream', 'xgroup|setid', 'zadd', 'zrange', 'zremrangebyscore', 'zrem', 'time',
  // … the refusal marks (commit-7), read back on restore
  'rpush', 'lindex', 'lpop', 'llen', 'ltrim', 'lrange',
  // --wait-replicas; on a Redis Cluster, where each slot's master is (ioredis and the read sockets)
  'wait', 'cluster|slots',
] as const;

/** The repartition stage (`eddy repartition`): start-up, the read loop, and its two scripts. */
const REPARTITION_COMMANDS = [
  'auth', 'hello', 'select', 'ping', 'quit', 'info', 'client|setname', 'client|info',
  // start-up (repartition-start.ts): the source's type, the checkpoint, the group on the source
  'type', 'hmget', 'xgroup|create', 'xinfo|groups',
  // entries the source's group holds pending for consumers gone: found at start, acknowledged once
  // copied, their consumers deleted (src/pipeline/others-pending.ts)
  'xpending', 'xack', 'xinfo|consumers', 'xgroup|delconsumer',
  // the read loop
  'xread',
  // scripts: repartition-append-1, repartition-checkpoint-2 (ioredis: EVALSHA, EVAL on NOSCRIPT)
  'evalsha', 'eval', 'script|load',
  // … and what they call
  'xrange', 'xadd', 'xinfo|stream', 'hget', 'hset', 'xgroup|setid',
  // on a Redis Cluster, where each slot's master is
  'cluster|slots',
] as const;

/** KEDA's redis-streams scaler with `lagCount`: XINFO GROUPS per stream (go-redis adds HELLO; its CLIENT SETINFO is left out as above). */
const SCALER_COMMANDS = ['auth', 'hello', 'select', 'ping', 'info', 'client|setname', 'xinfo|groups', 'xinfo|stream', 'xlen'] as const;

/** The Redis user a job's pods log in as. */
export function aclUserName(job: Pick<ResolvedJob, 'name'>): string {
  return `eddy-${job.name}`;
}

/** The read-only user for KEDA's scaler. */
export function scalerAclUserName(job: Pick<ResolvedJob, 'name'>): string {
  return `eddy-${job.name}-scaler`;
}

/** The Redis user the repartition stage logs in as: its own, since it writes what the job only reads. */
export function repartitionAclUserName(job: Pick<ResolvedJob, 'name'>): string {
  return `eddy-${job.name}-repartition`;
}

/**
 * `ACL SETUSER` for the repartition stage copying `from` into the job's partitions: its commands,
 * and only its keys — the source (read, and its consumer group moved), the stage's dead-letter
 * stream, the job's partition streams (appended to) and the stage's checkpoint. Not the job's sinks,
 * checkpoints or leases. Group and dead-letter stream as the stage resolves them (its defaults
 * unless given).
 */
export function repartitionAclRule(job: ResolvedJob, from: string, o: { readonly group?: string; readonly deadLetter?: string } = {}): string {
  const stage = resolveRepartitionOptions(job, { from, ...o });
  const keys = [stage.from, stage.deadLetter, ...job.partitions, repartitionCheckpointKey(job.name, stage.from)].map(globEscape);
  return setUser(repartitionAclUserName(job), REPARTITION_COMMANDS, unique(keys).map((k) => `~${k}`));
}

/**
 * `ACL SETUSER` for a job's pods: only the commands eddy sends, only the job's keys (its partition
 * streams, its sinks, `eddy:<job>:*` for checkpoints, leases and members), no Pub/Sub channels.
 * The rule sets no password, so the user cannot log in until one is added — run it, then
 * `ACL SETUSER <user> ><password>` (or append `><password>` to the rule); running it again resets
 * the user, password included. Keys are read and written (`~`): the input streams' consumer group
 * is moved by XGROUP SETID, a write.
 *
 * The sinks are named both as the job resolves them and as each partition's own copy
 * (`sensor-stats:out:{sensors:3}`), which is what eddy writes on a Redis Cluster — so one rule
 * serves a single node and a cluster, and names no key the job does not write.
 */
export function jobAclRule(job: Pick<ResolvedJob, 'name' | 'partitions' | 'sinks'>): string {
  const sinks = [job.sinks, ...job.partitions.map((stream) => partitionSinks(job.sinks, stream))];
  const keys = [...job.partitions, ...sinks.flatMap((s) => [s.output, s.late, s.deadLetter])].map(globEscape);
  keys.push(`${globEscape(`eddy:${job.name}:`)}*`);
  return setUser(aclUserName(job), JOB_COMMANDS, unique(keys).map((k) => `~${k}`));
}

/** `ACL SETUSER` for KEDA's scaler: XINFO on the job's partition streams, read-only (`%R~`). */
export function scalerAclRule(job: Pick<ResolvedJob, 'name' | 'partitions'>): string {
  return setUser(scalerAclUserName(job), SCALER_COMMANDS, unique(job.partitions.map(globEscape)).map((k) => `%R~${k}`));
}

function setUser(user: string, commands: readonly string[], keyRules: readonly string[]): string {
  const tokens = ['reset', 'on', 'resetchannels', '-@all', ...commands.map((c) => `+${c}`), ...keyRules];
  const bad = [user, ...tokens].find((t) => /[\s"']/.test(t));
  // ACL SETUSER takes one argument per rule; an ACL file splits on spaces, so a key with a space or quote cannot be named there.
  if (bad !== undefined) throw new Error(`cannot write an ACL rule for "${bad}": it contains a space or quote; rename the stream or job`);
  return `ACL SETUSER ${user} ${tokens.join(' ')}`;
}

/** Redis key patterns are globs: `*`, `?`, `[`, `]` and `\` in a name are matched literally only when escaped. */
function globEscape(key: string): string {
  return key.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

function partitionSinks(sinks: ResolvedJob['sinks'], stream: string): ResolvedJob['sinks'] {
  return { output: partitionSink(sinks.output, stream), late: partitionSink(sinks.late, stream), deadLetter: partitionSink(sinks.deadLetter, stream) };
}
