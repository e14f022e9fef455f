#!lua
--[[
repartition-checkpoint-2: moves the repartition stage's position forward, and the source's consumer
group with it (XGROUP SETID … ENTRIESREAD), so XINFO GROUPS and KEDA see exactly what is left.

KEYS[1]  the stage's checkpoint hash (fields: id, read), in the source stream's slot
KEYS[2]  the source stream

ARGV[1]  consumer group on the source
ARGV[2]  the last entry ID of the batch: every entry up to it is in its partition stream
ARGV[3]  entries read in total after this batch (Redis' entries-read), or '' when unknown

Returns  { 1, read }  moved; `read` is the entries-read stored ('' when Redis must estimate it)
         { 0 }        the checkpoint is already at or past ARGV[2] (a second stage got further):
                      nothing done
Errors   'EDDYNOGROUP <stream> <group>' when the group no longer exists on the source

The position only moves forward, so a slower concurrent stage cannot send a faster one back. It is
written only after every entry up to it was confirmed in its stream (written or present): a crash
before this script re-sends those entries, which the partition streams refuse.
]]

--- IDs compared as two unsigned integers of any length: by length, then as text.
local function after(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  if #am ~= #bm then return #am > #bm end
  if am ~= bm then return am > bm end
  if #as ~= #bs then return #as > #bs end
  return as > bs
end

local stored = redis.call('HGET', KEYS[1], 'id')
if stored and not after(ARGV[2], stored) then return { 0 } end

local has_group = false
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[2])) do
  for i = 1, #g, 2 do
    if g[i] == 'name' and g[i + 1] == ARGV[1] then has_group = true end
  end
end
if not has_group then
  return redis.error_reply('EDDYNOGROUP ' .. KEYS[2] .. ' ' .. ARGV[1])
end

-- entries-read as Redis counts it (as in commit-7.lua): at the stream's end, entries-added; after
-- a deletion the host's count may be off, and Redis estimates it itself.
local read = ARGV[3]
local info = redis.call('XINFO', 'STREAM', KEYS[2])
local last_generated, entries_added, max_deleted
for i = 1, #info, 2 do
  if info[i] == 'last-generated-id' then last_generated = info[i + 1]
  elseif info[i] == 'entries-added' then entries_added = info[i + 1]
  elseif info[i] == 'max-deleted-entry-id' then max_deleted = info[i + 1] end
end
if ARGV[2] == last_generated then
  read = tostring(entries_added)
elseif max_deleted ~= '0-0' then
  read = ''
end

redis.call('HSET', KEYS[1], 'id', ARGV[2], 'read', read)
if read ~= '' then
  redis.call('XGROUP', 'SETID', KEYS[2], ARGV[1], ARGV[2], 'ENTRIESREAD', read)
else
  redis.call('XGROUP', 'SETID', KEYS[2], ARGV[1], ARGV[2])
end
return { 1, read }
