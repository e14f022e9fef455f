--[[
lease-acquire-2: takes a partition's lease when it is free, and hands out a new fencing token.

KEYS[1]  lease of the partition (a string: the owner id, with a TTL)
KEYS[2]  checkpoint hash of the partition (field `fence`: the last token handed out)

ARGV[1]  owner id of the caller (process-unique: hostname-pid-random)
ARGV[2]  lease time-to-live, ms

Returns  { 1, token }                 acquired: the lease is the caller's for ARGV[2] ms, and
                                      `token` (the checkpoint's `fence`, just incremented) is what
                                      its commits must carry
         { 0, holder, ttl ms left }   refused: another owner holds the lease

A lease the caller already holds is taken again as a new acquisition: the fence moves, so anything
still running under the caller's older token is refused from now on. That makes a retried acquire
(its first reply lost) safe, and a process never has to know whether its own stale runner is gone.

The fence lives in the checkpoint, not in the lease: the lease expires, the counter must not, so
tokens increase strictly across owners for the life of the job's checkpoint.
]]

local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return { 0, holder, redis.call('PTTL', KEYS[1]) }
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return { 1, redis.call('HINCRBY', KEYS[2], 'fence', 1) }
