--[[
lease-release-1: gives a partition's lease up, only if the caller holds it, so a successor can take
it at once instead of waiting for the TTL.

KEYS[1]  lease of the partition

ARGV[1]  owner id of the caller

Returns  1  released
         0  not the caller's (expired, or someone else's): nothing done
]]

if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
