#!lua
--[[
repartition-append-1: appends entries of the repartition stage to one stream (a partition of the
job's source, or the stage's dead-letter stream), each under its source entry's ID, in order.

KEYS[1]  the stream written

ARGV[1]  msgpack array of entries, in source order; an entry is the array [id, field, value, …]

Returns  { written, present }
         written: entries added; present: entries Redis refused because the stream's last ID is
         already at or past theirs, and which the stream holds (or held: trimmed below its first
         entry) — a re-send after a crash, or by a second stage
Errors   'EDDYREPARTITIONGAP <stream> <id> <last id>' when an entry is refused but the stream does
         not hold it within its range: something other than the stage wrote to the stream (a
         producer writing to the partitions directly, with '*' IDs) or deleted from it, so the
         stage cannot tell what is written; nothing after that entry is written
         any error of XADD (a key of another type, …), likewise after the entries before it

Why this is exactly once without a transaction across partitions (DESIGN.md, "Repartition stage"):
Redis refuses an explicit ID at or below the stream's last, so as long as every writer sends the
entries of a stream in source order and stops at its first failure — which this script does — the
stream always holds an exact prefix of its entries, whatever crashes or concurrent writers. The
shebang makes Redis refuse the whole script up front when it is over maxmemory.
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

--- Refused entry `id`: the stream holds it, or held it before a trim removed everything up to its first entry.
local function held(id)
  if #redis.call('XRANGE', KEYS[1], id, id) > 0 then return true end
  local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
  return #first == 0 or after(first[1][1], id)
end

local entries = cmsgpack.unpack(ARGV[1])
local written, present = 0, 0
for _, entry in ipairs(entries) do
  local reply = redis.pcall('XADD', KEYS[1], unpack(entry))
  if type(reply) == 'table' and reply.err then
    if not string.find(reply.err, 'equal or smaller', 1, true) then return redis.error_reply(reply.err) end
    local id = entry[1]
    if not held(id) then
      local last = '?'
      local info = redis.call('XINFO', 'STREAM', KEYS[1])
      for i = 1, #info, 2 do
        if info[i] == 'last-generated-id' then last = info[i + 1] end
      end
      return redis.error_reply('EDDYREPARTITIONGAP ' .. KEYS[1] .. ' ' .. id .. ' ' .. last)
    end
    present = present + 1
  else
    written = written + 1
  end
end
return { written, present }
