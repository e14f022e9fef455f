--[[
members-heartbeat-1: records that a process of the job is alive, forgets the ones that stopped
heartbeating, and lists the living, for the fair-share computation.

KEYS[1]  members of the job: a sorted set of owner ids scored by heartbeat expiry (ms, server time)

ARGV[1]  owner id of the caller
ARGV[2]  how long this heartbeat counts, ms (the caller's lease TTL)
ARGV[3]  '1' to record the caller's heartbeat, '0' only to list the live members

Returns  the live owner ids (with ARGV[3] = '1', the caller included)

Expiry is scored by the server's clock (TIME), so processes on machines whose clocks disagree still
agree on who is alive. Processes heartbeat together with their lease renewals, so a process that
stops counts as alive for no longer than its leases last; they list more often, to see a member
join or leave within a fraction of the TTL.
]]

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
end
return redis.call('ZRANGE', KEYS[1], 0, -1)
