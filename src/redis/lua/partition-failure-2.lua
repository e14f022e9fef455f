--[[
partition-failure-2: counts one failed delivery of a partition's next batch (processing it threw:
a JavaScript exception or a WASM trap), for the current holder of the partition's lease only.

KEYS[1]  checkpoint hash of the partition (fields used here: fence, failures, failedAfter)
KEYS[2]  lease of the partition (a string: the owner id; see lease-acquire-2.lua)

ARGV[1]  owner id of the caller
ARGV[2]  fencing token the caller was given when it acquired the lease
ARGV[3]  the committed position the failure happened after (the entry ID reading resumed after)

Returns  failures: how many deliveries after ARGV[3] have failed, this one included. A failure
         after another position starts the count again at 1 (the position moved past the last one).
         -1 when the lease is not the caller's (refused by fencing, nothing written).
]]

local holder = redis.call('GET', KEYS[2])
local fence = redis.call('HGET', KEYS[1], 'fence')
if holder ~= ARGV[1] or fence ~= ARGV[2] then return -1 end
if redis.call('HGET', KEYS[1], 'failedAfter') ~= ARGV[3] then
  redis.call('HSET', KEYS[1], 'failures', 1, 'failedAfter', ARGV[3])
  return 1
end
return redis.call('HINCRBY', KEYS[1], 'failures', 1)
