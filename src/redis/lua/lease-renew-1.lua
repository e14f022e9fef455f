--[[
lease-renew-1: extends a partition's lease, only if the caller still holds it.

KEYS[1]  lease of the partition

ARGV[1]  owner id of the caller
ARGV[2]  lease time-to-live, ms (from now, by the server's clock)

Returns  { 1 }           renewed
         { 0, holder }   not the caller's: `holder` is the current owner id, or '' when the lease
                         expired and nobody has taken it. The caller must stop the partition: its
                         token is stale, or will be as soon as anyone acquires the lease, and the
                         commit script refuses it either way. A lost lease is never silently
                         re-created here; taking it again is an acquisition, with a new token.
]]

local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] then
  return { 0, holder or '' }
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return { 1 }
